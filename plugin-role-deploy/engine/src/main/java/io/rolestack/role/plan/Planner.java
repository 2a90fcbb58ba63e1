package io.rolestack.role.plan;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.ops.Directory;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.result.Result;
import io.rolestack.role.catalog.Role;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Absent;
import io.rolestack.role.ops.AptAbsentPackages;
import io.rolestack.role.ops.AptPackages;
import io.rolestack.role.ops.GuardedCommand;
import io.rolestack.role.ops.LineInFile;
import io.rolestack.role.ops.ServiceState;
import io.rolestack.role.ops.Symlink;
import io.rolestack.role.ops.SysctlValue;
import io.rolestack.role.ops.SystemGroup;
import io.rolestack.role.ops.SystemUser;
import io.rolestack.role.render.RenderModel;
import io.rolestack.role.render.TemplateRenderer;
import io.rolestack.role.watch.WatchedService;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns a host's roles into its {@link HostPlan}: renders templates with the pools, orders operations. */
public final class Planner {
    private static final String APT_DIR = "/etc/apt/";

    private final RoleCatalog catalog;
    private final TemplateRenderer renderer;

    public Planner(RoleCatalog catalog) {
        this.catalog = catalog;
        this.renderer = new TemplateRenderer(catalog);
    }

    /**
     * @throws io.rolestack.role.catalog.UnknownRoleException when the host's role is not in the catalog
     * @throws io.rolestack.role.render.TemplateException     when a template does not render
     */
    public HostPlan plan(Inventory inventory, Host host, Set<String> capabilities) {
        List<Role> roles = catalog.rolesFor(host.name());
        List<WatchedService> watched = WatchedService.of(roles);
        List<Operation> aptConfig = new ArrayList<>();
        List<Operation> rest = new ArrayList<>();
        List<Result> skipped = new ArrayList<>();
        List<AptPackages.Wanted> packages = new ArrayList<>();
        Set<String> seenPackages = new LinkedHashSet<>();
        for (Role role : roles) {
            Set<String> missing = new LinkedHashSet<>(role.needs());
            missing.removeAll(capabilities);
            if (!missing.isEmpty()) {
                skipped.add(Result.ok(host.fqdn(), "role " + role.name(), "skipped: needs " + String.join(", ", missing)
                        + ", which these hosts do not have"));
                continue;
            }
            String r = role.name();
            for (String p : role.packages()) {
                if (seenPackages.add(p)) packages.add(new AptPackages.Wanted(p, r, role.source()));
            }
            if (!role.absentPackages().isEmpty()) rest.add(new AptAbsentPackages(r, role.absentPackages()));
            for (Role.GroupSpec g : role.groups()) rest.add(new SystemGroup(r, g.name(), g.system()));
            for (Role.UserSpec u : role.users()) rest.add(new SystemUser(r, u.name(), u.system(), u.home(), u.shell(), u.groups()));
            for (Role.DirectorySpec d : role.directories()) rest.add(new Directory(r, d.path(), d.mode()));
            Map<String, Object> model = RenderModel.of(inventory, host, catalog.names(), role.vars(), capabilities, watched);
            for (Role.FileSpec f : role.files()) {
                String content = renderer.render(r, f.template(), model);
                TemplateFile op = new TemplateFile(r, f.dest(), content, f.mode(), f.notifies(), f.secret());
                (f.dest().startsWith(APT_DIR) ? aptConfig : rest).add(op);
            }
            for (Role.SymlinkSpec s : role.symlinks()) rest.add(new Symlink(r, s.path(), s.target(), s.notifies()));
            for (Role.LineSpec l : role.lines()) rest.add(new LineInFile(r, l.path(), l.line(), l.match(), l.notifies()));
            for (Role.RemoveSpec x : role.remove()) rest.add(new Absent(r, x.path(), x.notifies()));
            if (!role.sysctl().isEmpty()) {
                rest.add(new TemplateFile(r, "/etc/sysctl.d/60-rolestack-" + r + ".conf", sysctlFile(role),
                        FileMode.ROOT_644, List.of(), false));
                new TreeMap<>(role.sysctl()).forEach((k, v) -> rest.add(new SysctlValue(r, k, v)));
            }
            for (Role.CommandSpec c : role.commands()) {
                GuardedCommand op = new GuardedCommand(r, c.name(), c.run(), c.creates(), c.unless(), c.notifies());
                // Commands that fetch apt keys/sources must run before packages.
                (c.creates().map(p -> p.startsWith(APT_DIR)).orElse(false) ? aptConfig : rest).add(op);
            }
            for (Role.ServiceSpec s : role.services()) rest.add(new ServiceState(r, s));
        }
        return new HostPlan(host, roles.stream().map(Role::name).toList(), aptConfig, new AptPackages(packages), rest, skipped);
    }

    static String sysctlFile(Role role) {
        StringBuilder s = new StringBuilder("# Managed by rolestack (role " + role.name() + "); local changes are overwritten.\n");
        new TreeMap<>(role.sysctl()).forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
        return s.toString();
    }
}
