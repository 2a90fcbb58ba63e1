package io.rolestack.platform;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.db.SwitchoverRequest;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.exec.HostOutput;
import io.rolestack.platform.vm.VmSelection;
import io.rolestack.role.plan.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests are refused before any host or provider is reached; no root, no hosts. */
class PlatformRequestsTest {
    @TempDir
    Path tmp;

    PlatformSpec spec() throws Exception {
        Path file = tmp.resolve("spec.yaml");
        Files.writeString(file, """
                environment: unit
                domain: wpdn
                provider:
                  type: local
                  stateDir: %s
                jump: jump.unit.wpdn
                hosts: [masterdb1, app1, frontend1]
                """.formatted(tmp.resolve("state")));
        return SpecLoader.load(file);
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> PlatformOptions.defaults().withParallelism(0))
                .isInstanceOf(InvalidRequestException.class).hasMessage("parallelism must be between 1 and 256, was 0");
        assertThatThrownBy(() -> PlatformOptions.defaults().withParallelism(257)).isInstanceOf(InvalidRequestException.class);
        assertThat(PlatformOptions.defaults().withParallelism(256).parallelism()).isEqualTo(256);
    }

    @Test
    void aLimitIsCheckedAgainstTheSpecsHostsAndRoles() throws Exception {
        PlatformSpec s = spec();
        assertThat(Platform.open(s, PlatformOptions.defaults().withLimit(Limit.parse("app"))).spec()).isSameAs(s);
        assertThat(Platform.open(s, PlatformOptions.defaults().withLimit(Limit.parse("frontend1.unit.wpdn")))).isNotNull();
        assertThatThrownBy(() -> Platform.open(s, PlatformOptions.defaults().withLimit(Limit.parse("app2,redis"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("--limit app2,redis matches no host of " + s.source() + " (hosts: [jump, masterdb1, app1, frontend1])");
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void vmOperationsNeedHostsOfTheSpec() throws Exception {
        Platform p = Platform.open(spec(), PlatformOptions.defaults());
        assertThatThrownBy(() -> p.rebootVms(VmSelection.of("app1", "app7")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("'app7' is not a host of " + p.spec().source());
        assertThatThrownBy(() -> p.rebootVms(VmSelection.all())).hasMessage("vm reboot: name the hosts (none given)");
        assertThatThrownBy(() -> p.replicate()).isInstanceOf(InvalidRequestException.class)
                .hasMessage(p.spec().source() + ": no database: section");
        assertThatThrownBy(() -> p.switchover(SwitchoverRequest.to("app1"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no database: section");
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void requestsValidateTheirFields() {
        assertThatThrownBy(() -> ExecRequest.of("")).hasMessage("exec: the command is empty");
        assertThatThrownBy(() -> ExecRequest.of("a\0b")).hasMessage("exec: the command contains a NUL byte");
        assertThatThrownBy(() -> ExecRequest.of("true").withTimeout(Duration.ofHours(25)))
                .hasMessage("exec: timeout must be between 1 s and 24 h, was 90000 s");
        assertThatThrownBy(() -> new SwitchoverRequest("db2", Duration.ofMillis(10))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SwitchoverRequest.to(" ")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void anExecFailsWhenAnyHostFailsOrDidNotFinish() {
        ExecRequest r = ExecRequest.of("uptime");
        HostOutput ok = new HostOutput("a", Optional.of(0), "up", "", Optional.empty(), Duration.ofMillis(3));
        HostOutput bad = new HostOutput("b", Optional.of(4), "", "err", Optional.empty(), Duration.ZERO);
        HostOutput lost = new HostOutput("c", Optional.empty(), "", "", Optional.of("cannot connect"), Duration.ZERO);
        assertThat(new ExecOutcome(r, List.of(ok)).exitCode()).isZero();
        assertThat(new ExecOutcome(r, List.of(ok, bad)).exitCode()).isEqualTo(1);
        ExecOutcome withLost = new ExecOutcome(r, List.of(ok, lost));
        assertThat(withLost.exitCode()).isEqualTo(1);
        assertThat(withLost.summary().results().get(1).message()).isEqualTo("cannot connect");
        assertThat(new ExecOutcome(r, List.of(bad)).summary().results().get(0).message()).isEqualTo("exit 4");
    }
}
