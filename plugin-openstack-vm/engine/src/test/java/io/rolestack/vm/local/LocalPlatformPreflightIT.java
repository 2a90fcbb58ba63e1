package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.rolestack.core.remote.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A machine that cannot host local hosts fails with a clear message, before anything is made (runs as root: it drops to nobody itself). */
class LocalPlatformPreflightIT {
    @TempDir
    Path state;

    private final HostName jump = HostName.parse("jump.pf.test");
    private final HostName app1 = HostName.parse("app1.pf.test");

    private LocalSettings settings() {
        return LocalSettings.defaults().slot(200).withStateRoot(state);
    }

    /** This machine's shell, with each script rewritten (run as another user, with another PATH). */
    private record RewrittenShell(UnaryOperator<String> rewrite) implements Remote {
        @Override
        public String host() {
            return "localhost";
        }

        @Override
        public ExecResult exec(Command c) {
            return new LocalRemote().exec(new Command(rewrite.apply(c.script()), c.stdin(), c.timeout(), false));
        }

        @Override
        public void upload(byte[] content, String path, FileMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void withoutRootTheErrorSaysSo() {
        // a real unprivileged user (nobody), not a stand-in
        Remote nobody = new RewrittenShell(s -> "setpriv --reuid=65534 --regid=65534 --clear-groups sh -c " + quote(s));
        LocalPlatform p = new LocalPlatform(settings(), nobody, AptSources.DIR);
        assertThatThrownBy(() -> p.create(List.of(app1), jump, Progress.NONE))
                .isInstanceOf(LocalHostsException.class)
                .hasMessage("local hosts need root (namespaces, mounts, links, iptables): id -u is 65534; run as root");
        assertThatThrownBy(() -> p.down("pf", Progress.NONE)).isInstanceOf(LocalHostsException.class);
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void aMissingDebootstrapIsNamedWithItsPackage() throws IOException {
        // a PATH holding every tool the provider runs except debootstrap
        Path bin = Files.createDirectory(state.resolve("bin"));
        for (String t : List.of("id", "ip", "iptables", "unshare", "chroot", "mount", "mountpoint", "ssh-keygen", "ss", "setsid")) {
            String where = new LocalRemote().run("command -v " + t).stdout().strip();
            Files.createSymbolicLink(bin.resolve(t), Path.of(where));
        }
        Remote noDebootstrap = new RewrittenShell(s -> "PATH=" + bin + "; export PATH; " + s);
        LocalPlatform p = new LocalPlatform(settings(), noDebootstrap, AptSources.DIR);
        assertThatThrownBy(() -> p.create(List.of(app1), jump, Progress.NONE))
                .isInstanceOf(LocalHostsException.class)
                .hasMessage("local hosts need these tools, not found on this machine: debootstrap (Debian package debootstrap)");
        try (var s = Files.list(state)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactly("bin");
        }
    }
}
