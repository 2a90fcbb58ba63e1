package io.rolestack.vm.openstack;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.vm.VmRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityGroupPlanTest {

    static VmRequest vm(String name, boolean jump, Port... ports) {
        return new VmRequest(HostName.parse(name), "", List.of(ports), jump, Map.of());
    }

    @Test
    void oneGroupPerRoleWithTheUnionOfItsPortsFromTheSubnetAndSshToTheJumpFromOutside() {
        SecurityGroupPlan plan = SecurityGroupPlan.of(List.of(
                vm("app1.prod.wpdn", false, Port.tcp(80)),
                vm("app2.prod.wpdn", false, Port.tcp(443), Port.tcp(80)),
                vm("masterdb1.prod.wpdn", false, Port.tcp(3306)),
                vm("db2.prod.wpdn", false, Port.tcp(3306)),
                vm("salt1.prod.wpdn", true)), "10.0.0.0/24", "198.51.100.7/32");

        assertThat(plan.groups()).extracting(SecurityGroupPlan.Group::name)
                .containsExactly("rolestack-prod-members", "rolestack-prod-app", "rolestack-prod-db", "rolestack-prod-salt", "rolestack-prod-jump");
        assertThat(plan.groups().get(0).rules()).isEmpty();
        // Internal rules come from the environment's servers (remote group), not from the whole subnet.
        assertThat(plan.groups().get(1).rules()).extracting(Object::toString).containsExactly(
                "ingress 22/tcp from group rolestack-prod-members", "ingress 80/tcp from group rolestack-prod-members",
                "ingress 443/tcp from group rolestack-prod-members");
        assertThat(plan.groups().get(2).rules()).hasSize(2);
        assertThat(plan.groups().get(4).rules()).extracting(Object::toString).containsExactly("ingress 22/tcp from 198.51.100.7/32");
        assertThat(SecurityGroupPlan.groupsFor(vm("salt1.prod.wpdn", true)))
                .containsExactly("rolestack-prod-salt", "rolestack-prod-members", "rolestack-prod-jump");
        assertThat(SecurityGroupPlan.groupsFor(vm("masterdb1.prod.wpdn", false))).containsExactly("rolestack-prod-db", "rolestack-prod-members");
    }

    @Test
    void aJumpHostNamedJumpHasOneGroupWithItsPortsAndSshFromOutside() {
        SecurityGroupPlan plan = SecurityGroupPlan.of(List.of(vm("jump.prod.wpdn", true), vm("app1.prod.wpdn", false)),
                "10.0.0.0/24", "198.51.100.7/32");
        assertThat(plan.groups()).extracting(SecurityGroupPlan.Group::name)
                .containsExactly("rolestack-prod-members", "rolestack-prod-app", "rolestack-prod-jump");
        assertThat(plan.groups().get(2).rules()).extracting(Object::toString)
                .contains("ingress 22/tcp from group rolestack-prod-members", "ingress 22/tcp from 198.51.100.7/32");
        assertThat(SecurityGroupPlan.groupsFor(vm("jump.prod.wpdn", true))).containsExactly("rolestack-prod-jump", "rolestack-prod-members");
    }
}
