package io.rolestack.role.catalog;

import io.rolestack.core.net.Port;
import io.rolestack.core.remote.FileMode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One role as declared in {@code roles/<name>/role.yaml}: what a host of this
 * role has installed, configured and running, which ports it listens on and
 * how to check it is healthy. Pure data; the planner turns it into operations.
 *
 * @param name        role name ({@code frontend})
 * @param source      the role.yaml it came from, for messages
 * @param description one line for people
 * @param reads       pools its templates read ({@code [app]} for the frontend's upstream)
 * @param balances    pools (among {@code reads}) it spreads requests over: a member of one being patched is
 *                    drained here first (rendered with {@code drained}, reloaded) and put back after
 * @param needs       host capabilities the role needs ({@code vendor-apt}); hosts without them skip the role with a reason
 * @param vars        values for templates and for {@code ${name}} in this file
 */
public record Role(String name, String source, String description, List<String> reads, List<String> balances, Set<String> needs,
                   Map<String, Object> vars, List<String> packages, List<String> absentPackages,
                   List<GroupSpec> groups, List<UserSpec> users, List<DirectorySpec> directories,
                   List<FileSpec> files, List<SymlinkSpec> symlinks, List<LineSpec> lines, List<RemoveSpec> remove,
                   Map<String, String> sysctl, List<CommandSpec> commands, List<ServiceSpec> services,
                   List<Port> ports, List<HealthCheck> health) {

    public Role {
        reads = List.copyOf(reads);
        balances = List.copyOf(balances);
        needs = Set.copyOf(needs);
        vars = Map.copyOf(vars);
        packages = List.copyOf(packages);
        absentPackages = List.copyOf(absentPackages);
        groups = List.copyOf(groups);
        users = List.copyOf(users);
        directories = List.copyOf(directories);
        files = List.copyOf(files);
        symlinks = List.copyOf(symlinks);
        lines = List.copyOf(lines);
        remove = List.copyOf(remove);
        sysctl = Map.copyOf(sysctl);
        commands = List.copyOf(commands);
        services = List.copyOf(services);
        ports = List.copyOf(ports);
        health = List.copyOf(health);
    }

    /**
     * A file rendered from {@code templates/<template>}; services in {@code notify} reload/restart when it
     * changes. A {@code secret} file's content never appears in diffs, results or logs.
     */
    public record FileSpec(String template, String dest, FileMode mode, List<String> notifies, boolean secret,
                           String where) {
        public FileSpec {
            notifies = List.copyOf(notifies);
        }
    }

    public record DirectorySpec(String path, FileMode mode) {
    }

    public record SymlinkSpec(String path, String target, List<String> notifies) {
        public SymlinkSpec {
            notifies = List.copyOf(notifies);
        }
    }

    /** A line that must be present in a file; when {@code match} (a regex) is given, the matching line is replaced. */
    public record LineSpec(String path, String line, Optional<String> match, List<String> notifies) {
        public LineSpec {
            notifies = List.copyOf(notifies);
        }
    }

    /** A file or link that must not exist (a package's default site that clashes with ours). */
    public record RemoveSpec(String path, List<String> notifies) {
        public RemoveSpec {
            notifies = List.copyOf(notifies);
        }
    }

    public record GroupSpec(String name, boolean system) {
    }

    public record UserSpec(String name, boolean system, String home, String shell, List<String> groups) {
        public UserSpec {
            groups = List.copyOf(groups);
        }
    }

    /**
     * A command run only when its guards say so: not when {@code creates} exists,
     * not when {@code unless} exits 0. {@code needs} names a capability without
     * which the command is skipped (like {@code sysctl} apply on shared kernels).
     */
    public record CommandSpec(String name, String run, Optional<String> creates, Optional<String> unless,
                              List<String> notifies) {
        public CommandSpec {
            notifies = List.copyOf(notifies);
        }
    }

    public enum OnChange { RELOAD, RESTART }

    /**
     * A service: enabled at boot and running (or not managed when {@code manage} is false,
     * e.g. sshd which the host's own init owns); when a watched file changed it is
     * reloaded or restarted, after {@code check} (a config test like {@code nginx -t}) passes.
     */
    public record ServiceSpec(String name, boolean manage, boolean enabled, boolean running, OnChange onChange,
                              Optional<String> check) {
    }

    public enum CheckType { TCP, HTTP, PROCESS }

    /**
     * Declared health check, used by the health engine: tcp port, http path/status, or process name.
     * An http check's {@code body} is text the answer must contain. A process check's {@code service} names the
     * role's service that runs it (Monit restarts that one); a role with a single service may leave it out.
     */
    public record HealthCheck(CheckType type, Optional<Port> port, Optional<String> path, int expectStatus,
                              Optional<String> body, Optional<String> process, Optional<String> service) {
        @Override
        public String toString() {
            return switch (type) {
                case TCP -> "tcp " + port.map(Port::toString).orElse("?");
                case HTTP -> "http " + port.map(p -> String.valueOf(p.number())).orElse("80") + path.orElse("/")
                        + " -> " + expectStatus + body.map(b -> " containing '" + b + "'").orElse("");
                case PROCESS -> "process " + process.orElse("?");
            };
        }
    }

    /** The same role with other health checks (the spec's {@code roles.<role>.health}). */
    public Role withHealth(List<HealthCheck> checks) {
        return new Role(name, source, description, reads, balances, needs, vars, packages, absentPackages, groups, users, directories,
                files, symlinks, lines, remove, sysctl, commands, services, ports, checks);
    }

    /** Every service name this role declares. */
    public List<String> serviceNames() {
        return services.stream().map(ServiceSpec::name).toList();
    }
}
