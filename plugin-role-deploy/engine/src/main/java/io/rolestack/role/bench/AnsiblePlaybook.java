package io.rolestack.role.bench;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.ops.Directory;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.role.ops.Absent;
import io.rolestack.role.ops.AptAbsentPackages;
import io.rolestack.role.ops.AptPackages;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.ops.GuardedCommand;
import io.rolestack.role.ops.LineInFile;
import io.rolestack.role.ops.ServiceState;
import io.rolestack.role.ops.Symlink;
import io.rolestack.role.ops.SysctlValue;
import io.rolestack.role.ops.SystemGroup;
import io.rolestack.role.ops.SystemUser;
import io.rolestack.role.plan.HostPlan;
import io.rolestack.role.plan.Planner;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Ansible equivalent of a role deploy, for the no-op re-apply
 * benchmark (rolestack vs Debian's ansible on the same hosts): the same
 * operations with the same rendered content, one play per role in the same
 * order (base on all hosts first), as an Ansible user would lay it out.
 * Rendered file contents go to {@code host_vars/<host>.yml}; plays reference
 * them by path. Ansible gets its best settings: pipelining, ControlPersist,
 * no fact gathering (rolestack gathers only what it manages), forks = hosts.
 *
 * <p>Output: {@code ansible.cfg}, {@code inventory.ini}, {@code host_vars/},
 * {@code site.yml}. Run: {@code ANSIBLE_CONFIG=dir/ansible.cfg ansible-playbook site.yml}.
 */
public final class AnsiblePlaybook {
    private final Planner planner;

    public AnsiblePlaybook(Planner planner) {
        this.planner = planner;
    }

    /**
     * @param sshConfig OpenSSH client config reaching every host by short name through the jump host
     *                  (the local provider writes one; {@code rolestack ssh-config} for OpenStack)
     */
    public void write(Inventory inventory, Set<String> capabilities, Path sshConfig, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("host_vars"));
        Map<String, List<Host>> byRole = new LinkedHashMap<>();
        Map<String, HostPlan> plans = new LinkedHashMap<>();
        for (Host h : inventory.hosts()) {
            HostPlan p = planner.plan(inventory, h, capabilities);
            plans.put(h.shortName(), p);
            for (String r : p.roles()) byRole.computeIfAbsent(r, k -> new ArrayList<>()).add(h);
        }
        Files.writeString(dir.resolve("ansible.cfg"), """
                [defaults]
                inventory = %s
                forks = %d
                gathering = explicit
                host_key_checking = True
                stdout_callback = default
                interpreter_python = /usr/bin/python3

                [ssh_connection]
                pipelining = True
                ssh_args = -F %s -o ControlMaster=auto -o ControlPersist=120s
                """.formatted(dir.resolve("inventory.ini"), Math.max(5, inventory.size()), sshConfig));
        StringBuilder ini = new StringBuilder();
        for (Map.Entry<String, List<Host>> e : byRole.entrySet()) {
            ini.append('[').append(e.getKey()).append("]\n");
            for (Host h : e.getValue()) ini.append(h.shortName()).append(" ansible_user=root\n");
            ini.append('\n');
        }
        Files.writeString(dir.resolve("inventory.ini"), ini.toString());

        for (Map.Entry<String, HostPlan> e : plans.entrySet()) {
            Map<String, Object> files = new LinkedHashMap<>();
            for (Operation op : e.getValue().all()) {
                if (op instanceof TemplateFile f) files.put(f.path(), f.content());
            }
            Files.writeString(dir.resolve("host_vars").resolve(e.getKey() + ".yml"), yaml().dump(Map.of("rolestack_files", files)));
        }

        List<Object> plays = new ArrayList<>();
        for (String role : byRole.keySet()) {
            HostPlan sample = plans.get(byRole.get(role).get(0).shortName());
            List<Object> tasks = new ArrayList<>();
            Set<String> handlers = new LinkedHashSet<>();
            List<Object> handlerTasks = new ArrayList<>();
            for (Operation op : sample.all()) {
                if (!op.role().equals(role) && !(op instanceof AptPackages)) continue;
                tasks.addAll(tasks(op, role, capabilities, handlers));
            }
            for (Operation op : sample.all()) {
                if (op instanceof ServiceState s && s.role().equals(role)) {
                    String verb = s.spec().onChange().name().equals("RELOAD") ? "reloaded" : "restarted";
                    handlerTasks.add(Map.of("name", "bounce " + s.spec().name(),
                            "service", Map.of("name", s.spec().name(), "state", verb)));
                }
            }
            Map<String, Object> play = new LinkedHashMap<>();
            play.put("name", "role " + role);
            play.put("hosts", role);
            play.put("gather_facts", false);
            play.put("tasks", tasks);
            if (!handlerTasks.isEmpty()) play.put("handlers", handlerTasks);
            plays.add(play);
        }
        Files.writeString(dir.resolve("site.yml"), "# Generated by rolestack: the Ansible equivalent of `role apply`.\n"
                + yaml().dump(plays));
    }

    private static List<Object> tasks(Operation op, String role, Set<String> caps, Set<String> handlers) {
        List<Object> out = new ArrayList<>();
        if (op instanceof AptPackages a) {
            List<String> names = a.wanted().stream().filter(w -> w.role().equals(role)).map(AptPackages.Wanted::name).toList();
            if (!names.isEmpty()) {
                out.add(task("packages", "apt", Map.of("name", names, "state", "present", "install_recommends", false),
                        Map.of("environment", Map.of("DEBIAN_FRONTEND", "noninteractive"))));
            }
        } else if (op instanceof AptAbsentPackages a) {
            out.add(task(op.name(), "apt", Map.of("name", a.packages(), "state", "absent"), Map.of()));
        } else if (op instanceof TemplateFile f) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("dest", f.path());
            args.put("content", "{{ rolestack_files['" + f.path() + "'] }}");
            args.put("owner", f.mode().owner());
            args.put("group", f.mode().group());
            args.put("mode", f.mode().octal());
            out.add(task(op.name(), "copy", args, notify(f.notifies())));
        } else if (op instanceof Directory d) {
            out.add(task(op.name(), "file", Map.of("path", d.path(), "state", "directory", "owner", d.mode().owner(),
                    "group", d.mode().group(), "mode", d.mode().octal()), Map.of()));
        } else if (op instanceof Symlink s) {
            out.add(task(op.name(), "file", Map.of("src", s.target(), "dest", s.path(), "state", "link"), notify(s.notifies())));
        } else if (op instanceof Absent x) {
            out.add(task(op.name(), "file", Map.of("path", x.path(), "state", "absent"), notify(x.notifies())));
        } else if (op instanceof LineInFile l) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("path", l.path());
            args.put("line", l.line());
            args.put("create", true);
            l.match().ifPresent(m -> args.put("regexp", m));
            out.add(task(op.name(), "lineinfile", args, notify(l.notifies())));
        } else if (op instanceof SysctlValue v) {
            if (caps.contains(Capability.OWN_KERNEL)) {
                out.add(task(op.name(), "ansible.posix.sysctl", Map.of("name", v.key(), "value", v.value(),
                        "sysctl_set", true, "sysctl_file", "/etc/sysctl.d/60-rolestack-" + v.role() + ".conf"), Map.of()));
            }
        } else if (op instanceof SystemGroup g) {
            out.add(task(op.name(), "group", Map.of("name", g.group(), "system", g.system()), Map.of()));
        } else if (op instanceof SystemUser u) {
            out.add(task(op.name(), "user", Map.of("name", u.user(), "system", u.system(), "home", u.home(),
                    "shell", u.shell(), "groups", String.join(",", u.groups()), "append", true, "create_home", false), Map.of()));
        } else if (op instanceof GuardedCommand c) {
            if (c.unless().isPresent()) {
                String reg = "guard_" + Integer.toHexString(c.label().hashCode());
                out.add(task("guard " + c.label(), "shell", Map.of("cmd", c.unless().get()),
                        Map.of("register", reg, "changed_when", false, "failed_when", false)));
                Map<String, Object> extra = new LinkedHashMap<>(notify(c.notifies()));
                extra.put("when", reg + ".rc != 0");
                out.add(task(op.name(), "shell", Map.of("cmd", c.run()), extra));
            } else {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("cmd", c.run());
                c.creates().ifPresent(p -> args.put("creates", p));
                out.add(task(op.name(), "shell", args, notify(c.notifies())));
            }
        } else if (op instanceof ServiceState s) {
            if (s.spec().manage()) {
                out.add(task(op.name(), "service", Map.of("name", s.spec().name(),
                        "state", s.spec().running() ? "started" : "stopped", "enabled", s.spec().enabled()), Map.of()));
            }
        }
        return out;
    }

    private static Map<String, Object> notify(List<String> services) {
        return services.isEmpty() ? Map.of() : Map.of("notify", services.stream().map(s -> "bounce " + s).toList());
    }

    private static Map<String, Object> task(String name, String module, Map<String, Object> args, Map<String, Object> extra) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put(module, args);
        t.putAll(extra);
        return t;
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        o.setWidth(4096);
        return new Yaml(o);
    }
}
