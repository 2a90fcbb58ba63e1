package io.rolestack.cli;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.OpenSshConfig;
import io.rolestack.core.remote.SshEndpoint;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.provider.Providers;
import io.rolestack.vm.local.LocalEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ssh-config", mixinStandardHelpOptions = true,
        description = {"Prints an OpenSSH client config for the spec's hosts: the jump host directly, every other host "
                + "through it (ProxyJump), host keys strictly checked.",
                "With provider local: the running local hosts' config (addresses, their key, pinned host keys).",
                "Use it as: rolestack ssh-config -f SPEC > ~/.ssh/rolestack.conf; ssh -F ~/.ssh/rolestack.conf app1"})
final class SshConfigCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        PlatformSpec s = spec.load();
        if (s.provider().type().equals("local")) {
            // Local hosts have no DNS names: their addresses, keys and identity live in the state directory.
            LocalEnvironment env = Providers.local(s).environment(s.environment()).orElseThrow(() -> new Rolestack.UsageError(
                    "no local hosts of environment " + s.environment() + " yet: rolestack local up -f " + s.source()));
            try {
                cmd.commandLine().getOut().print(Files.readString(env.sshConfig()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + env.sshConfig() + ": " + e.getMessage(), e);
            }
            cmd.commandLine().getOut().flush();
            return 0;
        }
        // Without the provider's addresses, hosts are named by their FQDN (resolved on the jump host).
        Host jump = Host.of(s.jump(), s.jump().fqdn());
        List<OpenSshConfig.Target> targets = s.hosts().stream()
                .map(h -> new OpenSshConfig.Target(Host.of(h, h.fqdn()), SshEndpoint.of(h.fqdn(), s.ssh().user())))
                .toList();
        cmd.commandLine().getOut().print(OpenSshConfig.render(
                new OpenSshConfig.Target(jump, SshEndpoint.of(s.jump().fqdn(), s.ssh().user())),
                targets, s.ssh().identity(), s.ssh().knownHosts()));
        cmd.commandLine().getOut().flush();
        return 0;
    }
}
