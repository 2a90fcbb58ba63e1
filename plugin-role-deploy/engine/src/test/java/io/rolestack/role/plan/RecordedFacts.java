package io.rolestack.role.plan;

import io.rolestack.core.facts.HostFacts;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.facts.ServiceFact;
import io.rolestack.core.ops.Directory;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.role.ops.AptPackages;
import io.rolestack.role.ops.GuardedCommand;
import io.rolestack.role.ops.LineInFile;
import io.rolestack.role.ops.ServiceState;
import io.rolestack.role.ops.Symlink;
import io.rolestack.role.ops.SysctlValue;
import io.rolestack.role.ops.SystemGroup;
import io.rolestack.role.ops.SystemUser;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Facts as a host reports them, for planning tests: what a host that already
 * converged to a plan would answer, or a host with nothing on it. Plus a
 * session that refuses every call, to show planning never touches a host.
 */
final class RecordedFacts {
    private RecordedFacts() {
    }

    /** What a host already in the state of {@code plan} reports (sysv init, lists fresh). */
    static HostFacts convergedTo(HostPlan plan) {
        Map<String, String> installed = new HashMap<>();
        Map<String, PathFact> paths = new HashMap<>();
        Map<String, String> sysctl = new HashMap<>();
        Map<String, ServiceFact> services = new HashMap<>();
        Map<String, List<String>> users = new HashMap<>();
        Set<String> groups = new HashSet<>();
        Set<String> lines = new HashSet<>();
        Map<String, Integer> unless = new HashMap<>();
        for (Operation op : plan.all()) {
            if (op instanceof AptPackages a) a.wanted().forEach(w -> installed.put(w.name(), "1.0"));
            if (op instanceof TemplateFile f) {
                paths.put(f.path(), new PathFact(f.path(), PathFact.Kind.FILE, f.mode().owner(), f.mode().group(),
                        f.mode().permissions(), Optional.of(f.sha256()), Optional.empty()));
            }
            if (op instanceof Directory d) {
                paths.put(d.path(), new PathFact(d.path(), PathFact.Kind.DIRECTORY, d.mode().owner(), d.mode().group(),
                        d.mode().permissions(), Optional.empty(), Optional.empty()));
            }
            if (op instanceof Symlink s) {
                paths.put(s.path(), new PathFact(s.path(), PathFact.Kind.SYMLINK, "root", "root", 0777, Optional.empty(),
                        Optional.of(s.target())));
            }
            if (op instanceof LineInFile l) lines.add(l.path() + "\0" + l.line());
            if (op instanceof SysctlValue v) sysctl.put(v.key(), v.value());
            if (op instanceof SystemGroup g) groups.add(g.group());
            if (op instanceof SystemUser u) users.put(u.user(), u.groups());
            if (op instanceof GuardedCommand c) {
                c.creates().ifPresent(p -> paths.put(p, new PathFact(p, PathFact.Kind.FILE, "root", "root", 0644,
                        Optional.of(""), Optional.empty())));
                c.unless().ifPresent(u -> unless.put(u, 0));
            }
            if (op instanceof ServiceState s) services.put(s.spec().name(), new ServiceFact(s.spec().name(), true, true, true));
        }
        return new HostFacts(false, installed, paths, sysctl, services, users, groups, lines, unless, 60, "recorded-host");
    }

    /** A host with nothing installed or configured yet. */
    static HostFacts fresh() {
        return new HostFacts(false, Map.of(), Map.of(), Map.of("vm.panic_on_oom", "0", "kernel.panic", "0"), Map.of(),
                Map.of("root", List.of("root")), Set.of("root"), Set.of(), Map.of(), -1, "recorded-host");
    }

    /** A session that fails the test on any use: check mode must not touch the host. */
    static Remote refusing() {
        return new Remote() {
            @Override
            public String host() {
                return "recorded-host";
            }

            @Override
            public ExecResult exec(Command command) {
                throw new AssertionError("check mode ran a command: " + command);
            }

            @Override
            public void upload(byte[] content, String path, FileMode mode) {
                throw new AssertionError("check mode wrote " + path);
            }

            @Override
            public void close() {
            }
        };
    }
}
