package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.vm.local.testing.LocalHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.rolestack.core.remote.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's root user controls its root filesystem; the provider (root on this
 * machine) writes into it on every {@code up}. Links planted there must never
 * carry those writes out of the host.
 */
class LocalHostsEscapeIT {
    @RegisterExtension
    static LocalHosts hosts = LocalHosts.of("jump", "app1");

    private final LocalRemote machine = new LocalRemote();

    @Test
    void upNeverWritesThroughLinksAHostPlantedInItsRoot() throws IOException {
        Path outside = Path.of("/tmp/rolestack-outside-" + UUID.randomUUID().toString().substring(0, 8));
        Files.writeString(outside, "this machine's file, not the host's\n");
        try {
            Map<Path, String> before = snapshot(outside);

            // 1. From inside the host, as its root: /etc/hostname becomes a link to a file of this machine.
            assertThat(hosts.exec("app1", "ln -sfn " + quote(outside.toString()) + " /etc/hostname && readlink /etc/hostname").stdout().strip())
                    .isEqualTo(outside.toString());
            List<Result> again = up();
            assertThat(again).filteredOn(r -> r.host().startsWith("app1.")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(Status.CHANGED))
                    .satisfies(r -> assertThat(r.diff()).contains("file /etc/hostname"));
            // the link was replaced inside the host, not followed
            assertThat(hosts.exec("app1", "test ! -L /etc/hostname && cat /etc/hostname").stdout()).isEqualTo("app1\n");
            assertThat(snapshot(outside)).isEqualTo(before);

            // 2. /etc -> / in the host's root (planted in its overlay, as its root could do it; sshd would not survive it
            //    for long, so it is put in place from this machine): up refuses that host and writes nothing outside.
            Path merged = hosts.environment().stateDir().resolve("hosts/app1/merged");
            machine.run("mv " + quote(merged.resolve("etc").toString()) + " " + quote(merged.resolve("etc.real").toString())
                    + " && ln -s / " + quote(merged.resolve("etc").toString()));
            try {
                List<Result> refused = up();
                assertThat(refused).filteredOn(r -> r.host().startsWith("app1.")).singleElement()
                        .satisfies(r -> assertThat(r.failed()).isTrue())
                        .satisfies(r -> assertThat(r.message()).contains("refusing").contains("/etc is a symbolic link"));
                assertThat(refused).filteredOn(r -> r.host().startsWith("jump.")).singleElement()
                        .extracting(Result::status).isEqualTo(Status.OK);
                assertThat(snapshot(outside)).isEqualTo(before);
                assertThat(Path.of("/etc/ssh/sshd_config.d/rolestack.conf")).doesNotExist();
            } finally {
                machine.run("rm " + quote(merged.resolve("etc").toString())
                        + " && mv " + quote(merged.resolve("etc.real").toString()) + " " + quote(merged.resolve("etc").toString()));
            }
            // 3. Put right in the host, up is ok again.
            assertThat(up()).allMatch(r -> r.status() == Status.OK);
            assertThat(snapshot(outside)).isEqualTo(before);
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private List<Result> up() {
        List<HostName> names = hosts.platform().environment(hosts.environment().environment()).orElseThrow()
                .inventory().hosts().stream().map(Host::name).toList();
        return hosts.platform().create(names, hosts.jump().name(), Progress.NONE);
    }

    /** Content, mode and mtime of this machine's files the provider writes inside hosts, and the outside file. */
    private static Map<Path, String> snapshot(Path outside) throws IOException {
        Map<Path, String> m = new LinkedHashMap<>();
        for (Path p : List.of(Path.of("/etc/hostname"), Path.of("/etc/hosts"), Path.of("/etc/resolv.conf"),
                Path.of("/root/.ssh/authorized_keys"), Path.of("/etc/ssh/ssh_host_ed25519_key.pub"), outside)) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                m.put(p, "absent");
                continue;
            }
            m.put(p, Files.readString(p) + " | " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()
                    + " | " + Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS) + " | link=" + Files.isSymbolicLink(p));
        }
        return m;
    }
}
