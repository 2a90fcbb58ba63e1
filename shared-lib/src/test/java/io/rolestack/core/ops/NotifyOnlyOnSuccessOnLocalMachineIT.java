package io.rolestack.core.ops;

import io.rolestack.core.facts.HostFacts;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service is reloaded because a file it watches changed — so only when that
 * change was really made. Written for real on this machine: one file whose
 * parent is a regular file (the write fails), one that can be written.
 */
class NotifyOnlyOnSuccessOnLocalMachineIT {
    @TempDir
    Path dir;

    private static HostFacts nothingThere() {
        return new HostFacts(false, Map.of(), Map.of(), Map.of(), Map.of(), Map.of("root", List.of("root")),
                Set.of("root"), Set.of(), Map.of(), -1, "this-machine");
    }

    @Test
    void aFailedWriteNotifiesNoServiceAndASuccessfulOneDoes() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "a file where a directory should be\n");
        HostContext ctx = new HostContext("h", new LocalRemote("h"), true, nothingThere(), Set.of());

        String blocked = dir.resolve("not-a-dir/app.conf").toString();
        List<Result> failed = new TemplateFile("web", blocked, "x=1\n", FileMode.ROOT_644, List.of("nginx"), false).apply(ctx);
        assertThat(failed).singleElement().satisfies(r -> assertThat(r.failed()).as(r.toString()).isTrue());
        assertThat(ctx.notifiedBy("nginx")).as("a failed write must not reload nginx").isEmpty();

        String fine = dir.resolve("ok/app.conf").toString();
        List<Result> changed = new TemplateFile("web", fine, "x=1\n", FileMode.ROOT_644, List.of("nginx"), false).apply(ctx);
        assertThat(changed).singleElement().satisfies(r -> assertThat(r.failed()).as(r.toString()).isFalse());
        assertThat(Files.readString(Path.of(fine))).isEqualTo("x=1\n");
        assertThat(ctx.notifiedBy("nginx")).containsExactly(fine + " changed");
    }
}
