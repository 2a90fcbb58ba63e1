package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.vm.VmRequest;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import io.rolestack.vm.openstack.simulator.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rolestack.vm.openstack.OpenStackProviderAgainstSimulatorIT.settings;
import static io.rolestack.vm.openstack.OpenStackProviderAgainstSimulatorIT.vm;
import static org.assertj.core.api.Assertions.assertThat;

/** Security groups reconciled both ways, and drift of existing servers, through openstack4j against the simulator. */
class OpenStackSecurityGroupsAgainstSimulatorIT {
    OpenStackSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    OpenStackProvider provider(Map<String, Object> extra) {
        return OpenStackProvider.create(settings(extra), sim.osEnvironment());
    }

    static List<VmRequest> platform() {
        return List.of(vm("salt1.production.wpdn", true), vm("app1.production.wpdn", false, Port.tcp(80)));
    }

    @Test
    void narrowingSshFromClosesTheOldCidrAndRulesNoRoleAsksForGo() {
        try (OpenStackProvider p = provider(Map.of())) {
            assertThat(p.create(platform(), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
        }
        // Internal rules name the environment's members group, not the whole subnet.
        assertThat(sim.ingressRules().get("rolestack-production-app"))
                .containsExactlyInAnyOrder("22/tcp from group rolestack-production-members", "80/tcp from group rolestack-production-members");
        assertThat(sim.ingressRules().get("rolestack-production-jump")).containsExactly("22/tcp from 198.51.100.0/24");
        assertThat(sim.serverSecurityGroups("app1.production.wpdn")).contains("rolestack-production-members");
        // A rule someone added by hand, and one from before (the whole subnet).
        sim.addIngressRule("rolestack-production-app", "tcp", 8080, "0.0.0.0/0");
        sim.addIngressRule("rolestack-production-app", "tcp", 80, "10.20.0.0/24");

        List<Result> again;
        try (OpenStackProvider p = provider(Map.of("sshFrom", "198.51.100.7/32"))) {
            again = p.create(platform(), Progress.NONE);
        }
        assertThat(sim.ingressRules().get("rolestack-production-jump")).containsExactly("22/tcp from 198.51.100.7/32");
        assertThat(sim.ingressRules().get("rolestack-production-app"))
                .containsExactlyInAnyOrder("22/tcp from group rolestack-production-members", "80/tcp from group rolestack-production-members");
        Result salt = again.get(0);
        assertThat(salt.status()).isEqualTo(Status.CHANGED);
        assertThat(salt.diff()).contains("- rolestack-production-jump: ingress 22/tcp from 198.51.100.0/24")
                .contains("+ rolestack-production-jump: ingress 22/tcp from 198.51.100.7/32");
        assertThat(again.get(1).diff()).contains("- rolestack-production-app: ingress 8080/tcp from 0.0.0.0/0")
                .contains("- rolestack-production-app: ingress 80/tcp from 10.20.0.0/24");
        assertThat(sim.calls("DELETE", "")).extracting(RecordedCall::path).filteredOn(x -> x.contains("security-group-rules")).hasSize(3);

        // Nothing left to do: a third run changes nothing.
        try (OpenStackProvider p = provider(Map.of("sshFrom", "198.51.100.7/32"))) {
            assertThat(p.create(platform(), Progress.NONE)).extracting(Result::status).containsOnly(Status.OK);
        }
    }

    @Test
    void anExistingServerLackingAGroupShowsItAsDriftThenGetsIt() {
        try (OpenStackProvider p = provider(Map.of())) {
            p.create(List.of(vm("app1.production.wpdn", false, Port.tcp(80))), Progress.NONE);
        }
        assertThat(sim.serverSecurityGroups("app1.production.wpdn")).doesNotContain("rolestack-production-jump");
        // app1 becomes the jump host: it needs the jump group too.
        List<VmRequest> asJump = List.of(vm("app1.production.wpdn", true, Port.tcp(80)));
        try (OpenStackProvider p = provider(Map.of())) {
            sim.clearCalls();
            List<Result> drift = p.drift(asJump);
            assertThat(drift).hasSize(1);
            assertThat(drift.get(0).status()).isEqualTo(Status.CHANGED);
            assertThat(drift.get(0).message()).isEqualTo("security groups rolestack-production-jump missing");
            assertThat(sim.calls()).filteredOn(c -> !c.method().equals("GET") && !c.path().endsWith("/auth/tokens")).isEmpty();

            Result r = p.create(asJump, Progress.NONE).get(0);
            assertThat(r.status()).isEqualTo(Status.CHANGED);
            assertThat(r.diff()).contains("+ security group rolestack-production-jump on app1.production.wpdn");
            assertThat(sim.serverSecurityGroups("app1.production.wpdn")).contains("rolestack-production-jump");
            assertThat(p.drift(asJump)).isEmpty();
        }
    }

    @Test
    void flavorImageAndNetworkDriftIsShownNeverChangedAndNeverSilent() {
        sim.addImage("debian-13").addNetwork("other", "10.30.0", false);
        try (OpenStackProvider p = provider(Map.of())) {
            p.create(List.of(vm("app1.production.wpdn", false)), Progress.NONE);
            assertThat(p.drift(List.of(vm("app1.production.wpdn", false), vm("app2.production.wpdn", false)))).isEmpty();
        }
        Map<String, Object> changed = new HashMap<>(Map.of("flavor", "m1.medium", "image", "debian-13", "network", "other"));
        try (OpenStackProvider p = provider(changed)) {
            sim.clearCalls();
            List<Result> drift = p.drift(List.of(vm("app1.production.wpdn", false)));
            assertThat(drift).hasSize(1);
            assertThat(drift.get(0).host()).isEqualTo("app1.production.wpdn");
            assertThat(drift.get(0).status()).isEqualTo(Status.CHANGED);
            assertThat(drift.get(0).message()).contains("flavor m1.small, spec says m1.medium")
                    .contains("image ").contains("spec says debian-13").contains("network internal, spec says other");
            assertThat(drift.get(0).diff()).contains("~ flavor m1.small, spec says m1.medium");
            assertThat(sim.calls()).filteredOn(c -> !c.method().equals("GET") && !c.path().endsWith("/auth/tokens")).isEmpty();

            // create does not rebuild it, but says so.
            Result r = p.create(List.of(vm("app1.production.wpdn", false)), Progress.NONE).get(0);
            assertThat(r.message()).contains("differs from the spec, left as it is: flavor m1.small, spec says m1.medium");
            assertThat(sim.calls("POST", "/servers")).isEmpty();
        }
        assertThat(HostName.parse("app1.production.wpdn").role()).isEqualTo("app");
    }
}
