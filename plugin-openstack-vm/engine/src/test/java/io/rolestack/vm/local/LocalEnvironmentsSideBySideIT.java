package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two environments without subnets in their settings (a spec without subnet/jumpSubnet),
 * made at once on one machine: each gets a free slot, kept in its state, so up again
 * gives the same addresses.
 */
class LocalEnvironmentsSideBySideIT {

    @Test
    void twoEnvironmentsWithoutSubnetsGetDistinctSlotsAndKeepThem() {
        LocalPlatform platform = new LocalPlatform(LocalSettings.defaults());
        assertThat(platform.settings().automaticSubnets()).isTrue();
        platform.prepare(Progress.NONE);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        List<String> envs = List.of("stag" + tag, "prod" + tag);
        List<LocalEnvironment> made = new ArrayList<>();
        try {
            // both at once: the slot is chosen and saved under the state root lock
            List<CompletableFuture<LocalEnvironment>> ups = envs.stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> platform.up(List.of(app(e)), jump(e), Progress.NONE))).toList();
            for (CompletableFuture<LocalEnvironment> f : ups) made.add(f.join());
            LocalEnvironment a = made.get(0);
            LocalEnvironment b = made.get(1);
            assertThat(a.internal().overlaps(b.internal())).isFalse();
            assertThat(a.outside().overlaps(b.outside())).isFalse();
            assertThat(a.jumpAddress()).isNotEqualTo(b.jumpAddress());
            assertThat(addresses(a).values()).doesNotContainAnyElementsOf(addresses(b).values());

            for (LocalEnvironment before : made) {
                String e = before.environment();
                List<Result> again = platform.create(List.of(app(e)), jump(e), Progress.NONE);
                assertThat(again).extracting(Result::status).containsOnly(Status.OK);
                LocalEnvironment after = platform.environment(e).orElseThrow();
                assertThat(after.internal()).isEqualTo(before.internal());
                assertThat(after.outside()).isEqualTo(before.outside());
                assertThat(after.jumpAddress()).isEqualTo(before.jumpAddress());
                assertThat(addresses(after)).isEqualTo(addresses(before));
            }
        } finally {
            for (String e : envs) {
                LocalEnvironment left = platform.environment(e).orElse(null);
                assertThat(platform.down(e, Progress.NONE).failed()).as("down " + e).isFalse();
                if (left != null) assertThat(platform.traces(left)).as("left of " + e).isEmpty();
            }
        }
    }

    private static Map<String, String> addresses(LocalEnvironment env) {
        return env.inventory().hosts().stream().collect(Collectors.toMap(h -> h.shortName(), h -> h.privateIp()));
    }

    private static HostName jump(String env) {
        return HostName.parse("jump." + env + ".test");
    }

    private static HostName app(String env) {
        return HostName.parse("app1." + env + ".test");
    }
}
