package io.rolestack.core.ops;

import io.rolestack.core.facts.HostFacts;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.result.Result;
import io.rolestack.core.service.ServiceControl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One host during one run: its session, its facts, whether we act, and which
 * services were notified by changed files. {@link #change} is the only place
 * an operation acts, so check mode (plan) is the same code with {@code act}
 * false: it reports what would change and never touches the host.
 */
public final class HostContext {
    private final String host;
    private final Remote remote;
    private final boolean act;
    private final Set<String> capabilities;
    private HostFacts facts;
    private final Map<String, Optional<String>> contents = new LinkedHashMap<>();
    private final Map<String, List<String>> notified = new LinkedHashMap<>();

    public HostContext(String host, Remote remote, boolean act, HostFacts facts, Set<String> capabilities) {
        this.host = host;
        this.remote = remote;
        this.act = act;
        this.facts = facts;
        this.capabilities = Set.copyOf(capabilities);
    }

    /** An action on the host; only called when acting. */
    @FunctionalInterface
    public interface Action {
        void run(HostContext ctx);
    }

    public String host() {
        return host;
    }

    public boolean acting() {
        return act;
    }

    public HostFacts facts() {
        return facts;
    }

    public void facts(HostFacts fresh) {
        this.facts = fresh;
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }

    public Remote remote() {
        return remote;
    }

    public ServiceControl services() {
        return ServiceControl.forSystemd(facts.systemd());
    }

    /** Current content of a file (fetched in one batch before the operations run), for diffs. */
    public Optional<String> currentContent(String path) {
        return contents.getOrDefault(path, Optional.empty());
    }

    public void currentContents(Map<String, Optional<String>> fetched) {
        contents.putAll(fetched);
    }

    public void notify(String service, String reason) {
        notified.computeIfAbsent(service, s -> new ArrayList<>()).add(reason);
    }

    public List<String> notifiedBy(String service) {
        return notified.getOrDefault(service, List.of());
    }

    public Result ok(String operation, String message) {
        return Result.ok(host, operation, message);
    }

    public Result failed(String operation, String message) {
        return Result.failed(host, operation, message);
    }

    /**
     * Reports a change, and makes it when acting. A failing action turns into a
     * failed result with the reason; the other operations of the host go on.
     */
    public Result change(String operation, String message, String diff, Action action) {
        if (!act) return Result.changed(host, operation, message, diff);
        long start = System.nanoTime();
        try {
            action.run(this);
            return Result.changed(host, operation, message, diff).took(Duration.ofNanos(System.nanoTime() - start));
        } catch (RemoteException | IllegalStateException e) {
            return new Result(host, operation, io.rolestack.core.result.Status.FAILED, e.getMessage(), diff,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * {@link #change} that notifies {@code services} (reload/restart later) only when the change was
     * made, or in check mode would be: a failed upload or command must not bounce a service.
     */
    public Result change(String operation, String message, String diff, List<String> services, String reason,
                         Action action) {
        Result r = change(operation, message, diff, action);
        if (!r.failed()) for (String s : services) notify(s, reason);
        return r;
    }

    /** Runs an acting command as root; throws with the host and command when it fails. */
    public ExecResult run(String script) {
        if (!act) throw new IllegalStateException("check mode must not act on " + host + ": " + script);
        return remote.run(Command.sudo(script));
    }

    public void upload(byte[] content, String path, FileMode mode) {
        if (!act) throw new IllegalStateException("check mode must not write " + path + " on " + host);
        remote.upload(content, path, mode);
    }
}
