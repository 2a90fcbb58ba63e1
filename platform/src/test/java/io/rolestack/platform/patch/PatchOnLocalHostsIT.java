package io.rolestack.platform.patch;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Status;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.core.testing.StepChain;
import io.rolestack.patch.HostPatch;
import io.rolestack.patch.PackageUpgrade;
import io.rolestack.patch.PatchJUnitReport;
import io.rolestack.patch.PatchLock;
import io.rolestack.patch.PatchReport;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.provider.Providers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Platform.patch} on real local hosts (root) against our own apt
 * repository ({@link TestAptRepo}): the dry run lists rolestack-testpkg 1.0 → 1.1
 * per host; a host made unhealthy stops the roll there, later hosts keep 1.0;
 * a held lock refuses a run naming its holder; an expired one is broken, and the
 * roll then patches memcache1, app1, jump one at a time, each rebooted
 * (1.1 asks for it) and healthy before the next starts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(StepChain.class)
class PatchOnLocalHostsIT {
    @TempDir
    static Path tmp;
    static PlatformSpec spec;
    static TestAptRepo repo;
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void writeSpec() throws Exception {
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, """
                environment: patchit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.patchit.wpdn
                hosts: [memcache1, app1]
                roles:
                  base: {vars: {monit_cycle_seconds: 5}}
                patching:
                  schedule: "0 3 * * SUN"
                  concurrency: {app: "50%%"}
                  settle: 6s
                  lockTtl: 10m
                """.formatted(tmp.resolve("state")));
        spec = SpecLoader.load(file);
        repo = TestAptRepo.build(tmp.resolve("apt"));
    }

    @AfterAll
    static void down() {
        if (spec != null) assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    static PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"))
                .withProgress((host, message) -> events.add(host + ": " + message));
    }

    static PatchReport patch(PatchRequest request) {
        events.clear();
        return Platform.open(spec, options()).patch(request);
    }

    /** Runs {@code action} on every host, by short name. */
    static <T> Map<String, T> onHosts(Function<Remote, T> action) {
        Map<String, T> out = new LinkedHashMap<>();
        try (Platform.Access a = Platform.open(spec, options()).access()) {
            for (Host h : a.hosts().inventory().hosts()) {
                try (Remote r = a.hosts().apply(h)) {
                    out.put(h.shortName(), action.apply(r));
                }
            }
        }
        return out;
    }

    static String on(String host, String script) {
        try (Platform.Access a = Platform.open(spec, options()).access()) {
            Host h = a.hosts().inventory().hosts().stream().filter(x -> x.shortName().equals(host)).findFirst().orElseThrow();
            try (Remote r = a.hosts().apply(h)) {
                return r.run(Command.sudo(script)).stdout().strip();
            }
        }
    }

    static String describe(PatchReport r) {
        return r.hosts().stream().map(h -> h.shortName() + " wave " + h.wave() + " " + h.outcome().label() + " " + h.upgrades()
                + " reboot=" + h.reboot() + " before=" + HostPatch.describe(h.before()) + " after=" + HostPatch.describe(h.after())
                + " " + h.message()).collect(Collectors.joining("\n")) + "\nnotes: " + r.notes() + "\nevents:\n" + String.join("\n", events);
    }

    static HostPatch host(PatchReport r, String shortName) {
        return r.hosts().stream().filter(h -> h.shortName().equals(shortName)).findFirst().orElseThrow();
    }

    static final PackageUpgrade TESTPKG = new PackageUpgrade(TestAptRepo.PACKAGE, TestAptRepo.OLD, TestAptRepo.NEW);

    @Test
    @Order(1)
    void applyBuildsTheHostsAndTheyGetTheTestPackage() {
        DeployOutcome applied = Platform.open(spec, options()).apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
        onHosts(r -> {
            repo.installOn(r);
            return null;
        });
        assertThat(onHosts(TestAptRepo::installed)).containsOnlyKeys("jump", "memcache1", "app1").allSatisfy((h, v) -> assertThat(v).isEqualTo("1.0"));
    }

    @Test
    @Order(2)
    void dryRunListsTheUpgradePerHostInRollOrderAndChangesNothing() {
        PatchReport r = patch(PatchRequest.defaults().withDryRun(true));
        assertThat(r.exitCode()).as(describe(r)).isZero();
        assertThat(r.hosts()).extracting(HostPatch::shortName).containsExactly("memcache1", "app1", "jump");
        assertThat(r.hosts()).extracting(HostPatch::wave).containsExactly(1, 2, 3);
        assertThat(r.hosts()).allSatisfy(h -> {
            assertThat(h.outcome()).isEqualTo(HostPatch.Outcome.PLANNED);
            assertThat(h.upgrades()).as(describe(r)).contains(TESTPKG);
        });
        assertThat(onHosts(TestAptRepo::installed)).allSatisfy((h, v) -> assertThat(v).isEqualTo("1.0"));
        assertThat(onHosts(rm -> rm.exec(Command.of("test -e /var/run/reboot-required")).ok())).allSatisfy((h, v) -> assertThat(v).isFalse());
    }

    @Test
    @Order(3)
    void anUnhealthyHostStopsTheRollThereAndLaterHostsKeepTheOldVersion() {
        on("memcache1", "monit unmonitor memcached && service memcached stop");
        try {
            PatchReport r = patch(PatchRequest.defaults());
            assertThat(r.exitCode()).as(describe(r)).isEqualTo(1);
            assertThat(r.stoppedAt()).as(describe(r)).hasValueSatisfying(s -> assertThat(s).startsWith("memcache1 (unhealthy before patching"));
            HostPatch m = host(r, "memcache1");
            assertThat(m.outcome()).isEqualTo(HostPatch.Outcome.UNHEALTHY);
            assertThat(m.message()).startsWith("unhealthy before patching, not patched: ").contains("process memcached: expected running");
            assertThat(host(r, "app1").outcome()).isEqualTo(HostPatch.Outcome.NOT_STARTED);
            assertThat(host(r, "jump").outcome()).isEqualTo(HostPatch.Outcome.NOT_STARTED);
            assertThat(host(r, "app1").message()).startsWith("not started: the roll stopped at memcache1");
            assertThat(onHosts(TestAptRepo::installed)).allSatisfy((h, v) -> assertThat(v).as(h).isEqualTo("1.0"));
            assertThat(PatchJUnitReport.xml(r)).contains("failures=\"1\"").contains("skipped=\"2\"");
            assertThat(on("jump", "test -e " + PatchLock.DEFAULT_DIR + "/patchit.lock && echo held || echo free")).as("released").isEqualTo("free");
        } finally {
            on("memcache1", "service memcached start && monit monitor memcached");
        }
    }

    @Test
    @Order(4)
    void aHeldLockRefusesTheRunNamingItsHolder() {
        try (Platform.Access a = Platform.open(spec, options()).access(); Remote jump = a.hosts().apply(a.hosts().jump())) {
            new PatchLock(jump, PatchLock.DEFAULT_DIR, "patchit").acquire("someone@elsewhere", 4711, Duration.ofMinutes(30));
        }
        PatchReport r = patch(PatchRequest.defaults());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stoppedAt()).contains("patch lock");
        assertThat(r.notes()).singleElement().asString().startsWith("patch lock of patchit is held by someone@elsewhere (pid 4711) since ");
        assertThat(r.hosts()).allSatisfy(h -> assertThat(h.outcome()).isEqualTo(HostPatch.Outcome.NOT_STARTED));
        assertThat(onHosts(TestAptRepo::installed)).allSatisfy((h, v) -> assertThat(v).isEqualTo("1.0"));
    }

    @Test
    @Order(5)
    void anExpiredLockIsBrokenAndTheRollPatchesOneHostAtATimeEachHealthyBeforeTheNext() {
        // The holder of order 4 is gone and its TTL has passed.
        on("jump", "sed -i 's/^expires=.*/expires=" + (Instant.now().getEpochSecond() - 1) + "/' " + PatchLock.DEFAULT_DIR + "/patchit.lock");
        PatchReport r = patch(PatchRequest.defaults());
        System.out.println("patch report:\n" + describe(r)); // the order and what each host got, in the test's output
        assertThat(r.exitCode()).as(describe(r)).isZero();
        assertThat(r.notes()).as(describe(r)).anySatisfy(n -> assertThat(n).startsWith("broke the expired patch lock of someone@elsewhere (pid 4711)"));
        assertThat(r.hosts()).extracting(HostPatch::shortName).containsExactly("memcache1", "app1", "jump");
        for (HostPatch h : r.hosts()) {
            assertThat(h.outcome()).as(describe(r)).isEqualTo(HostPatch.Outcome.PATCHED);
            assertThat(h.upgrades()).contains(TESTPKG);
            assertThat(h.reboot()).as("1.1 asked for a reboot: " + h.shortName()).isTrue();
            assertThat(h.before()).hasValueSatisfying(x -> assertThat(x.healthy()).isTrue());
            assertThat(h.after()).hasValueSatisfying(x -> assertThat(x.healthy()).isTrue());
        }
        // One at a time: each host's patch is over (healthy, settled) before the next wave begins.
        List<String> seen = List.copyOf(events);
        int memcacheDone = indexOf(seen, "memcache1: patch: healthy; settling");
        int appStarts = indexOf(seen, "app1: patch: wave 2/3 (app)");
        int appDone = indexOf(seen, "app1: patch: healthy; settling");
        int jumpStarts = indexOf(seen, "jump: patch: wave 3/3 (jump)");
        assertThat(memcacheDone).as(String.join("\n", seen)).isLessThan(appStarts);
        assertThat(appDone).isLessThan(jumpStarts);
        assertThat(onHosts(TestAptRepo::installed)).allSatisfy((h, v) -> assertThat(v).as(h).isEqualTo("1.1"));
        assertThat(onHosts(rm -> rm.exec(Command.of("test -e /var/run/reboot-required")).ok()))
                .as("the reboot cleared /run").allSatisfy((h, v) -> assertThat(v).isFalse());
        assertThat(on("jump", "test -e " + PatchLock.DEFAULT_DIR + "/patchit.lock && echo held || echo free")).isEqualTo("free");

        PatchReport again = patch(PatchRequest.defaults().withDryRun(true));
        assertThat(again.hosts()).allSatisfy(h -> assertThat(h.upgrades()).extracting(PackageUpgrade::name).doesNotContain(TestAptRepo.PACKAGE));
    }

    static int indexOf(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).startsWith(prefix)) return i;
        throw new AssertionError("no event " + prefix + " in\n" + String.join("\n", events));
    }

    @Test
    @Order(6)
    void aHeldPackageIsKeptBackAndTheLimitSelectsTheHost() {
        on("app1", "export DEBIAN_FRONTEND=noninteractive; apt-get -q -y --allow-downgrades install " + TestAptRepo.PACKAGE + "=1.0 >/dev/null"
                + " && apt-mark hold " + TestAptRepo.PACKAGE);
        PatchReport dry = Platform.open(spec, options().withLimit(io.rolestack.role.plan.Limit.parse("app1"))).patch(PatchRequest.defaults().withDryRun(true));
        assertThat(dry.hosts()).extracting(HostPatch::shortName).containsExactly("app1");
        assertThat(dry.hosts().get(0).upgrades()).extracting(PackageUpgrade::name).doesNotContain(TestAptRepo.PACKAGE);
        assertThat(dry.hosts().get(0).keptBack()).contains(TestAptRepo.PACKAGE);
        assertThat(dry.hosts().get(0).message()).isEqualTo("held: " + TestAptRepo.PACKAGE);

        PatchReport r = Platform.open(spec, options().withLimit(io.rolestack.role.plan.Limit.parse("app1"))).patch(PatchRequest.defaults());
        assertThat(r.exitCode()).as(describe(r)).isZero();
        assertThat(r.hosts()).singleElement().satisfies(h -> {
            assertThat(h.outcome()).as(describe(r)).isEqualTo(HostPatch.Outcome.UP_TO_DATE);
            assertThat(h.keptBack()).contains(TestAptRepo.PACKAGE);
        });
        assertThat(on("app1", "dpkg-query -W -f '${Version}' " + TestAptRepo.PACKAGE)).as("held: still 1.0").isEqualTo("1.0");
    }
}
