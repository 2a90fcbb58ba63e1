package io.rolestack.vm.local.testing;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;

import java.nio.file.Path;
import java.util.UUID;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A {@link Remote} to a local host through the real OpenSSH client
 * ({@code ssh -F <platform ssh_config> HOST}: jump host, pinned known_hosts,
 * StrictHostKeyChecking=yes). Stands in until shared-lib's SshRemote is on
 * main; runs the client through {@link LocalRemote}.
 */
public final class OpenSshClientRemote implements Remote {
    private final String host;
    private final Path sshConfig;
    private final LocalRemote machine;

    public OpenSshClientRemote(String host, Path sshConfig) {
        this.host = host;
        this.sshConfig = sshConfig;
        this.machine = new LocalRemote(host);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(Command command) {
        // The session user is root: sudo is not needed. stdin goes through ssh's stdin, never argv.
        return machine.exec(new Command("ssh -F " + quote(sshConfig.toString()) + " " + quote(host) + " " + quote(command.script()),
                command.stdin(), command.timeout(), false));
    }

    @Override
    public void upload(byte[] content, String path, FileMode mode) {
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "./";
        String tmp = dir + "." + path.substring(path.lastIndexOf('/') + 1) + ".rolestack-" + UUID.randomUUID().toString().substring(0, 8);
        run(Command.of("umask 077 && cat > " + quote(tmp) + " && chown " + quote(mode.owner() + ":" + mode.group()) + " " + quote(tmp)
                + " && chmod " + mode.octal() + " " + quote(tmp) + " && mv -f " + quote(tmp) + " " + quote(path)
                + " || { rm -f " + quote(tmp) + "; exit 1; }").withStdin(content));
    }

    @Override
    public void close() {
    }
}
