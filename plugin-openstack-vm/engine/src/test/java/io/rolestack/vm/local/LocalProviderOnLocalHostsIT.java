package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.vm.VmRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The VmProvider contract on real local hosts: create, list, hard reboot, delete, all idempotent. */
class LocalProviderOnLocalHostsIT {

    @Test
    void createListRebootDelete() {
        LocalPlatform base = new LocalPlatform(LocalSettings.defaults());
        base.prepare(Progress.NONE);
        LocalPlatform platform = new LocalPlatform(base.freeSlot());
        String env = "prov" + UUID.randomUUID().toString().substring(0, 6);
        HostName jump = HostName.parse("jump." + env + ".test");
        HostName app = HostName.parse("app1." + env + ".test");
        try (LocalProvider provider = new LocalProvider(platform)) {
            assertThat(provider.type()).isEqualTo("local");
            assertThatThrownBy(() -> provider.create(List.of(request(app, false)), Progress.NONE))
                    .hasMessageContaining("has no jump host");

            List<Result> created = provider.create(List.of(request(app, false), request(jump, true)), Progress.NONE);
            assertThat(created).extracting(Result::host).containsExactly(app.fqdn(), jump.fqdn());
            assertThat(created).allMatch(Result::changed);
            assertThat(provider.list(env).hosts()).extracting(Host::shortName).containsExactlyInAnyOrder("jump", "app1");
            assertThat(provider.list(env).host("jump").orElseThrow().publicIp()).isPresent();
            assertThat(provider.list(env).host("app1").orElseThrow().publicIp()).isEmpty();

            // the environment's jump host is remembered: a later request need not name it
            assertThat(provider.create(List.of(request(app, false)), Progress.NONE))
                    .singleElement().extracting(Result::status).isEqualTo(Status.OK);

            assertThat(provider.hardReboot(app, Progress.NONE).status()).isEqualTo(Status.CHANGED);
            assertThat(provider.hardReboot(HostName.parse("nope1." + env + ".test"), Progress.NONE).failed()).isTrue();

            assertThat(provider.delete(app, Progress.NONE).status()).isEqualTo(Status.CHANGED);
            assertThat(provider.delete(app, Progress.NONE).status()).isEqualTo(Status.OK);
            assertThat(provider.list(env).hosts()).extracting(Host::shortName).containsExactly("jump");
        } finally {
            LocalEnvironment left = platform.environment(env).orElse(null);
            platform.down(env, Progress.NONE);
            if (left != null) assertThat(platform.traces(left)).isEmpty();
        }
    }

    private static VmRequest request(HostName name, boolean jump) {
        return new VmRequest(name, "m1.small", List.of(), jump, Map.of());
    }
}
