package io.rolestack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code backup search}: its help and the bad input it refuses before any host is reached. */
class BackupSearchCommandTest {
    @TempDir
    Path tmp;

    private Path spec(String backups) throws Exception {
        Path f = tmp.resolve("spec.yaml");
        Files.writeString(f, """
                environment: test
                domain: wpdn
                provider: { type: local, stateDir: %s }
                jump: jump
                hosts: [masterdb1, elastic1]
                """.formatted(tmp.resolve("state")) + backups);
        return f;
    }

    @Test
    void helpNamesTheSubcommandsAndWhatTheSnapshotDoes() {
        CliTest.Run help = CliTest.run("backup", "search", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("list", "verify", "prune", "jump host", "backups.search", "restore-tests");
        for (String sub : new String[]{"list", "verify", "prune"}) {
            CliTest.Run r = CliTest.run("backup", "search", sub, "--help");
            assertThat(r.exit()).as(sub).isZero();
            assertThat(r.out()).as(sub).contains("backup search " + sub);
        }
        assertThat(CliTest.run("help", "backup").out()).contains("search");
    }

    @Test
    void aSpecWithoutBackupsSearchIsBadInputForEveryOperation() throws Exception {
        Path f = spec("backups: { target: { dir: " + tmp.resolve("b") + " } }\n");
        for (String[] args : new String[][]{{"backup", "search"}, {"backup", "search", "list"}, {"backup", "search", "verify"},
                {"backup", "search", "prune", "--dry-run"}}) {
            String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("-f", f.toString()))
                    .toArray(String[]::new);
            CliTest.Run r = CliTest.run(full);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("no backups.search section");
        }
    }

    @Test
    void aBadSnapshotNameIsBadInput() throws Exception {
        Path f = spec("backups:\n  target: { dir: " + tmp.resolve("b") + " }\n  search: { host: elastic1, repository: nightly }\n");
        CliTest.Run r = CliTest.run("backup", "search", "verify", "-f", f.toString(), "../x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("snapshot '../x': not a snapshot name");
    }

    @Test
    void aBadSpecKeyIsBadInputAtItsPosition() throws Exception {
        Path f = spec("backups:\n  target: { dir: " + tmp.resolve("b") + " }\n  search: { host: elastic1, repository: nightly, keep: 3 }\n");
        CliTest.Run r = CliTest.run("backup", "search", "-f", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("spec.yaml:8:").contains("unknown key 'keep'");
    }

    @Test
    void localHostsThatAreNotUpAreAFailureNamingTheNode() throws Exception {
        Path f = spec("backups:\n  target: { dir: " + tmp.resolve("b") + " }\n  search: { host: elastic1, repository: nightly }\n");
        CliTest.Run r = CliTest.run("backup", "search", "list", "-f", f.toString(), "--json", "-q");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("\"operation\" : \"list\"", "\"ok\" : false", "\"node\" : \"elastic1:9200\"", "\"repository\" : \"nightly\"");
    }
}
