package io.rolestack.platform.exec;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one command on many hosts at once, each through its own SSH session; a
 * host that fails stops no other. Sessions belong to the caller's access (opened
 * once per host, closed with it), so repeated commands reuse them.
 */
public final class RemoteExec {
    private final Function<Host, Remote> remotes;
    private final int parallelism;
    private final Progress progress;

    public RemoteExec(Function<Host, Remote> remotes, int parallelism, Progress progress) {
        this.remotes = remotes;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    public ExecOutcome run(List<Host> hosts, ExecRequest request) {
        Command command = new Command(request.command(), null, request.timeout(), request.asRoot());
        List<HostOutput> out = Fanout.run(hosts, parallelism, h -> {
            long start = System.nanoTime();
            progress.step(h.shortName(), "exec " + request.command());
            try {
                ExecResult r = remotes.apply(h).exec(command);
                progress.step(h.shortName(), "exit " + r.exitCode());
                return new HostOutput(h.fqdn(), Optional.of(r.exitCode()), r.stdout(), r.stderr(), Optional.empty(), r.took());
            } catch (RuntimeException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                progress.step(h.shortName(), "failed: " + e.getMessage());
                return new HostOutput(h.fqdn(), Optional.empty(), "", "", Optional.of(String.valueOf(e.getMessage())), took);
            }
        }, (h, e) -> new HostOutput(h.fqdn(), Optional.empty(), "", "", Optional.of(String.valueOf(e.getMessage())), Duration.ZERO));
        return new ExecOutcome(request, out);
    }
}
