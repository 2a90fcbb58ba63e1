package io.rolestack.patch;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Patches one host with apt, as root: facts first ({@code apt-get update}, a
 * simulated {@code dist-upgrade}), then the real, non-interactive run that keeps
 * existing config files, respects held packages and waits for the dpkg lock
 * (unattended-upgrades may hold it) instead of failing; then needrestart, in
 * batch mode, restarts the services using upgraded libraries when it is installed.
 * Rebooting is the caller's: it has the provider.
 */
public final class HostPatcher {
    /** Where Debian's packages ask for a reboot. */
    public static final String REBOOT_REQUIRED = "/var/run/reboot-required";
    static final String ENV = "export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=a; ";
    private static final String MARK = "=====rolestack ";

    private final Duration lockTimeout;
    private final Duration upgradeTimeout;

    /**
     * @param lockTimeout    how long apt waits for the dpkg lock another process holds
     * @param upgradeTimeout the whole real run, downloads included
     */
    public HostPatcher(Duration lockTimeout, Duration upgradeTimeout) {
        if (lockTimeout.isNegative()) throw new IllegalArgumentException("lock timeout must not be negative");
        this.lockTimeout = lockTimeout;
        this.upgradeTimeout = upgradeTimeout;
    }

    /** {@code apt-get update}, then what a dist-upgrade would do; changes nothing but the package lists. */
    public PendingUpdates pending(Remote remote) {
        String script = ENV + "set -e; apt-get -q update " + lock() + " >/dev/null"
                + "; echo '" + MARK + "sim'; apt-get -s -o Debug::NoLocking=1 dist-upgrade"
                + "; echo '" + MARK + "held'; apt-mark showhold"
                + "; echo '" + MARK + "reboot'; if [ -e " + REBOOT_REQUIRED + " ]; then echo yes; else echo no; fi";
        Map<String, String> parts = sections(remote.exec(Command.sudo(script).withTimeout(upgradeTimeout)), remote, "apt facts");
        return PendingUpdates.of(AptOutput.upgrades(parts.get("sim")), AptOutput.keptBack(parts.get("sim")),
                lines(parts.get("held")), parts.get("reboot").strip().equals("yes"));
    }

    /** What a real run did: packages now at the simulated version, services restarted, whether a reboot is due. */
    public record Applied(List<PackageUpgrade> upgraded, List<String> restarted, String needrestart, boolean rebootRequired) {
        public Applied {
            upgraded = List.copyOf(upgraded);
            restarted = List.copyOf(restarted);
        }
    }

    /** The real run for what {@code pending} found; the upgrades it reports are those dpkg now has at their new version. */
    public Applied apply(Remote remote, PendingUpdates pending) {
        String options = lock() + " -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";
        String names = String.join(" ", pending.upgrades().stream().map(u -> quote(u.name())).toList());
        String script = ENV + "set -e; apt-get -q -y " + options + " dist-upgrade"
                + "; echo '" + MARK + "versions'; " + (names.isEmpty() ? "true" : "dpkg-query -W -f '${Package} ${Version}\\n' " + names + " 2>/dev/null || true")
                + "; echo '" + MARK + "needrestart'; if command -v needrestart >/dev/null; then needrestart -b -r a 2>&1 || true;"
                + " else echo 'needrestart not installed'; fi"
                + "; echo '" + MARK + "reboot'; if [ -e " + REBOOT_REQUIRED + " ]; then echo yes; else echo no; fi";
        Map<String, String> parts = sections(remote.exec(Command.sudo(script).withTimeout(upgradeTimeout)), remote, "apt-get dist-upgrade");
        Map<String, String> installed = new LinkedHashMap<>();
        for (String line : lines(parts.get("versions"))) {
            String[] w = line.split(" ", 2);
            if (w.length == 2) installed.put(w[0], w[1]);
        }
        List<PackageUpgrade> done = new ArrayList<>();
        for (PackageUpgrade u : pending.upgrades()) {
            if (u.to().equals(installed.get(u.name()))) done.add(u);
        }
        String nr = parts.get("needrestart").strip();
        return new Applied(done, AptOutput.restartedServices(nr), nr.equals("needrestart not installed") ? nr : "", parts.get("reboot").strip().equals("yes"));
    }

    private String lock() {
        return "-o DPkg::Lock::Timeout=" + lockTimeout.toSeconds();
    }

    private static Map<String, String> sections(ExecResult r, Remote remote, String what) {
        if (!r.ok()) {
            String err = r.stderr().strip();
            String tail = err.length() > 600 ? "..." + err.substring(err.length() - 600) : err;
            throw new RemoteException(remote.host(), what + " failed (exit " + r.exitCode() + ")" + (tail.isEmpty() ? "" : ": " + tail));
        }
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder b = new StringBuilder();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (current != null) out.put(current, b.toString());
                current = line.substring(MARK.length()).strip();
                b.setLength(0);
            } else if (current != null) {
                b.append(line).append('\n');
            }
        }
        if (current != null) out.put(current, b.toString());
        return out;
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
