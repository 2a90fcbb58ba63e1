package io.rolestack.jenkins.bridge;

import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.db.SwitchoverRequest;
import io.rolestack.platform.exec.ExecRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestsTest {
    @TempDir
    Path workspace;

    @Test
    void actionsAreTheCliSubcommandsOfTheStep() {
        assertThat(Operation.of("rolestackDb", "Status")).isEqualTo(Operation.DB_STATUS);
        assertThat(Operation.of("rolestackVm", "create")).isEqualTo(Operation.VM_CREATE);
        assertThatThrownBy(() -> Operation.of("rolestackDb", "backup"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackDb: argument 'action' is 'backup', not one of replicate, status, switchover");
        assertThatThrownBy(() -> Operation.of("rolestackVm", " ")).hasMessageContaining("argument 'action' is required");
    }

    @Test
    void limitAndParallelismBecomePlatformOptions() {
        PlatformOptions o = new Requests(Operation.APPLY, CallArguments.none().withLimit("app, db2").withParallelism(3))
                .options(PlatformOptions.defaults());
        assertThat(o.limit().names()).containsExactly("app", "db2");
        assertThat(o.parallelism()).isEqualTo(3);
        assertThatThrownBy(() -> new Requests(Operation.APPLY, CallArguments.none().withParallelism(0)).options(PlatformOptions.defaults()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rolestackApply: argument 'parallelism' must be between 1 and 256, was 0");
    }

    @Test
    void execNeedsACommandAndATimeoutInRange() {
        ExecRequest r = new Requests(Operation.EXEC, CallArguments.none().withCommand("uptime").withTimeoutSeconds(30).withSudo(true)).exec();
        assertThat(r).isEqualTo(new ExecRequest("uptime", Duration.ofSeconds(30), true));
        assertThat(new Requests(Operation.EXEC, CallArguments.none().withCommand("uptime")).exec().timeout()).isEqualTo(ExecRequest.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> new Requests(Operation.EXEC, CallArguments.none()).exec())
                .hasMessageStartingWith("rolestackExec: argument 'command' is required");
        assertThatThrownBy(() -> new Requests(Operation.EXEC, CallArguments.none().withCommand("x").withTimeoutSeconds(0)).exec())
                .hasMessage("rolestackExec: argument 'timeoutSeconds' must be between 1 and 86400 seconds, was 0");
    }

    @Test
    void switchoverNeedsTo() {
        assertThat(new Requests(Operation.DB_SWITCHOVER, CallArguments.none().withTo(" db2 ")).switchover())
                .isEqualTo(SwitchoverRequest.to("db2"));
        assertThatThrownBy(() -> new Requests(Operation.DB_SWITCHOVER, CallArguments.none()).switchover())
                .hasMessageStartingWith("rolestackDb: argument 'to' is required");
    }

    @Test
    void vmDeleteAndRebootNeedHostsCreateDefaultsToAll() {
        assertThat(new Requests(Operation.VM_CREATE, CallArguments.none()).vms().isAll()).isTrue();
        assertThat(new Requests(Operation.VM_REBOOT, CallArguments.none().withHosts(List.of("app1", " "))).vms().names())
                .containsExactly("app1");
        assertThatThrownBy(() -> new Requests(Operation.VM_DELETE, CallArguments.none()).vms())
                .hasMessage("rolestackVm: argument 'hosts' is required for action 'delete' (the hosts to delete)");
    }

    @Test
    void specAndJsonFileStayInsideTheWorkspace() {
        assertThat(Requests.spec(Operation.PLAN, workspace, "examples/p.yaml"))
                .isEqualTo(workspace.toAbsolutePath().resolve("examples/p.yaml"));
        assertThatThrownBy(() -> Requests.spec(Operation.PLAN, workspace, "../other/p.yaml"))
                .hasMessage("rolestackPlan: argument 'spec' '../other/p.yaml' leaves the workspace");
        assertThatThrownBy(() -> Requests.spec(Operation.PLAN, workspace, "/etc/p.yaml"))
                .hasMessageContaining("argument 'spec' '/etc/p.yaml' must be relative to the workspace");
        assertThatThrownBy(() -> Requests.spec(Operation.PLAN, workspace, null)).hasMessageContaining("argument 'spec' is required");
        assertThat(new Requests(Operation.PLAN, CallArguments.none()).jsonFile(workspace)).isEmpty();
        assertThatThrownBy(() -> new Requests(Operation.PLAN, CallArguments.none().withJsonFile("a/../../x.json")).jsonFile(workspace))
                .hasMessageContaining("argument 'jsonFile'");
    }

    @Test
    void verdictFollowsTheCliExitCodes() {
        assertThat(Verdict.of(0, false)).isEqualTo(Verdict.SUCCESS);
        assertThat(Verdict.of(1, false)).isEqualTo(Verdict.FAILURE);
        assertThat(Verdict.of(1, true)).isEqualTo(Verdict.UNSTABLE);
        assertThat(Verdict.of(2, true)).as("bad input is never merely unstable").isEqualTo(Verdict.FAILURE);
    }
}
