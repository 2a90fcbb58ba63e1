package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.result.Result;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Packages installed with apt-get, all missing ones of a host in one call.
 * Installs never start services: a {@code policy-rc.d} that denies starts is in
 * place during the call (unless the host already has its own), so a package
 * never runs with its default config; the role's service operation starts it
 * after the role's files are written. Same behaviour with and without systemd.
 * The package lists are refreshed first when they are older than six hours or
 * missing. A package apt does not know fails with role and file named; the
 * other packages are still installed.
 *
 * <pre>packages: [nginx, php-fpm]</pre>
 */
public final class AptPackages implements Operation {
    static final long LISTS_MAX_AGE_SECONDS = 6 * 3600;
    /** apt/dpkg busy: another apt run (unattended-upgrades at boot, or a neighbour sharing the archive cache). */
    private static final Pattern LOCKED = Pattern.compile("Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock");
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(10);
    private static final Pattern UNKNOWN = Pattern.compile(
            "E: (?:Unable to locate package (\\S+)|Package '([^']+)' has no installation candidate)");

    /** One package and the role (and file) that asked for it. */
    public record Wanted(String name, String role, String source) {
    }

    private final List<Wanted> packages;
    private boolean sourcesChanged;

    public AptPackages(List<Wanted> packages) {
        this.packages = List.copyOf(packages);
    }

    @Override
    public String name() {
        return "packages";
    }

    @Override
    public void ask(FactQuery q) {
        q.packages(names(packages));
    }

    public List<Wanted> wanted() {
        return packages;
    }

    @Override
    public String role() {
        return packages.isEmpty() ? "" : packages.get(0).role();
    }

    /** Set when an apt source was written in this run: the lists must be refreshed before installing. */
    public void sourcesChanged() {
        sourcesChanged = true;
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        List<Result> out = new ArrayList<>();
        List<Wanted> missing = new ArrayList<>();
        for (Wanted w : packages) {
            if (ctx.facts().installed(w.name())) {
                out.add(ctx.ok("package " + w.name(), "installed " + ctx.facts().installed().get(w.name())));
            } else {
                missing.add(w);
            }
        }
        if (missing.isEmpty()) return out;
        long age = ctx.facts().aptListsAge();
        boolean update = sourcesChanged || age < 0 || age > LISTS_MAX_AGE_SECONDS;
        if (!ctx.acting()) {
            for (Wanted w : missing) out.add(ctx.change("package " + w.name(), "install (role " + w.role() + ")", "", c -> { }));
            return out;
        }
        Set<String> unknown = new LinkedHashSet<>();
        ExecResult r = install(ctx, names(missing), update);
        if (!r.ok()) {
            Matcher m = UNKNOWN.matcher(r.stderr());
            while (m.find()) unknown.add(m.group(1) != null ? m.group(1) : m.group(2));
            List<Wanted> rest = missing.stream().filter(w -> !unknown.contains(w.name())).toList();
            if (!unknown.isEmpty() && !rest.isEmpty()) {
                // Install what exists; the unknown ones fail below, each naming its role.
                r = install(ctx, names(rest), false);
            }
        }
        for (Wanted w : missing) {
            String op = "package " + w.name();
            if (unknown.contains(w.name())) {
                out.add(ctx.failed(op, "package '" + w.name() + "' does not exist in the apt sources of " + ctx.host()
                        + " (asked for by role '" + w.role() + "' in " + w.source() + ")"));
            } else if (r.ok()) {
                out.add(Result.changed(ctx.host(), op, "installed (role " + w.role() + ")", "").took(r.took()));
            } else {
                out.add(ctx.failed(op, "apt-get install failed (exit " + r.exitCode() + "): " + tail(r.stderr())));
            }
        }
        return out;
    }

    /** Runs apt-get, waiting while another apt run holds its locks. */
    private static ExecResult install(HostContext ctx, List<String> names, boolean update) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        long pauseMillis = 1000;
        while (true) {
            ExecResult r = ctx.remote().exec(Command.sudo(script(names, update)).withTimeout(java.time.Duration.ofMinutes(20)));
            if (r.ok() || !LOCKED.matcher(r.stderr()).find() || System.nanoTime() > deadline) return r;
            try {
                Thread.sleep(pauseMillis + java.util.concurrent.ThreadLocalRandom.current().nextLong(pauseMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            pauseMillis = Math.min(pauseMillis * 2, 8000);
        }
    }

    private static List<String> names(List<Wanted> ws) {
        return ws.stream().map(Wanted::name).toList();
    }

    static String script(List<String> names, boolean update) {
        StringBuilder s = new StringBuilder();
        // A policy-rc.d of ours left behind by a killed run is removed; someone else's is respected.
        s.append("grep -qs 'rolestack' /usr/sbin/policy-rc.d && rm -f /usr/sbin/policy-rc.d\n");
        s.append("if [ ! -e /usr/sbin/policy-rc.d ]; then\n")
         .append("  printf '#!/bin/sh\\n# rolestack: packages do not start services while installing\\nexit 101\\n' > /usr/sbin/policy-rc.d\n")
         .append("  chmod 755 /usr/sbin/policy-rc.d; trap 'rm -f /usr/sbin/policy-rc.d' EXIT\n")
         // A dropped SSH session (client killed) sends HUP: exit through the EXIT trap, not around it.
         .append("  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM\n")
         .append("fi\n");
        s.append("export DEBIAN_FRONTEND=noninteractive\n");
        if (update) s.append("apt-get update -q >/dev/null || exit $?\n");
        s.append("apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120")
         .append(" -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold");
        for (String n : names) s.append(' ').append(quote(n));
        s.append('\n');
        return s.toString();
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 600 ? t : "…" + t.substring(t.length() - 600);
    }
}
