package io.rolestack.health.probe;

import io.rolestack.health.CheckResult;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rolestack.core.remote.Shell.quote;

/** Checks of the host itself: processes, disk, memory, clock, pending reboot. */
public final class SystemProbes {
    private SystemProbes() {
    }

    /**
     * A process runs whose name starts with {@code process} ({@code php-fpm} matches
     * {@code php-fpm8.2}, as the catalog declares versionless names).
     */
    public record Process(String process) implements Probe {
        private static final Pattern COMM_FILE = Pattern.compile("/proc/(\\d+)/comm");

        public String name() {
            return "process " + process;
        }

        public String expected() {
            return "running";
        }

        public String command() {
            // The kernel keeps 15 characters of a name (comm). One grep over every process's comm file does what
            // pgrep does at a third of its cost (pgrep reads far more of /proc than the names); the files that match
            // name the pids.
            String comm = process.length() > 15 ? process.substring(0, 15) : process;
            return "grep -ls -- " + quote("^" + comm.replaceAll("[.\\[\\]*^$\\\\]", "\\\\$0")) + " /proc/[0-9]*/comm || true";
        }

        public CheckResult evaluate(String raw) {
            if (raw.isEmpty()) return failed("not running (no process named " + process + "*)");
            List<String> pids = new ArrayList<>();
            for (String line : raw.split("\n")) {
                Matcher m = COMM_FILE.matcher(line.strip());
                if (!m.matches()) return unreadable(raw);
                pids.add(m.group(1));
            }
            return ok("running (pid " + String.join(",", pids) + ")");
        }
    }

    /**
     * Use of every mounted file system by blocks or inodes, under a limit: a
     * full /var or a full tmpfs stops services as surely as a full /.
     * Pseudo file systems (proc, sysfs…) have no blocks and are left out by df itself.
     */
    public record Disk(boolean inodes, int maxPercent) implements Probe {
        public String name() {
            return inodes ? "inodes" : "disk";
        }

        public String expected() {
            return "every file system < " + maxPercent + "% used";
        }

        public String command() {
            return "df --output=target," + (inodes ? "ipcent" : "pcent") + " -x devtmpfs -x squashfs";
        }

        public CheckResult evaluate(String raw) {
            List<String> full = new ArrayList<>();
            String fullest = null;
            int most = -1;
            int counted = 0;
            for (String line : raw.split("\n")) {
                String l = line.strip();
                if (l.isEmpty()) continue;
                int cut = l.lastIndexOf(' ');
                if (cut < 0) return unreadable(raw);
                String mount = l.substring(0, cut).strip();
                String pct = l.substring(cut + 1);
                if (pct.equals("Use%") || pct.equals("IUse%")) continue; // df's header
                if (pct.equals("-")) continue; // this file system does not report inodes
                if (!pct.matches("\\d{1,3}%")) return unreadable(raw);
                int used = Integer.parseInt(pct.substring(0, pct.length() - 1));
                counted++;
                if (used >= maxPercent) full.add(mount + " " + used + "% used");
                if (used > most) {
                    most = used;
                    fullest = mount;
                }
            }
            if (counted == 0) return CheckResult.info(name(), "not reported by these file systems");
            if (!full.isEmpty()) return failed(String.join(", ", full));
            return ok("fullest " + fullest + " " + most + "% used (" + counted + " file systems)");
        }
    }

    /** MemAvailable at least a share of MemTotal. */
    public record Memory(int minAvailablePercent) implements Probe {
        public String name() {
            return "memory";
        }

        public String expected() {
            return ">= " + minAvailablePercent + "% available";
        }

        public String command() {
            // Shell builtins only: reading two numbers is not worth starting a process.
            return "while read -r k v u; do case $k in MemTotal:) t=$v;; MemAvailable:) a=$v;; esac; done </proc/meminfo; echo \"$a $t\"";
        }

        public CheckResult evaluate(String raw) {
            String[] f = raw.split(" ");
            if (f.length != 2 || !f[0].matches("\\d+") || !f[1].matches("\\d+") || Long.parseLong(f[1]) == 0) return unreadable(raw);
            long availableKb = Long.parseLong(f[0]);
            long totalKb = Long.parseLong(f[1]);
            long percent = availableKb * 100 / totalKb;
            String seen = (availableKb / 1024) + " MiB of " + (totalKb / 1024) + " MiB available (" + percent + "%)";
            return percent >= minAvailablePercent ? ok(seen) : failed(seen);
        }
    }

    /**
     * The clock is synchronised: chrony's leap status, else systemd's NTPSynchronized.
     * A host with neither says so, as information. A host that does not own its clock
     * (a local host shares its machine's: chronyd runs with -x and never sets it) gets
     * what chrony says as information only: its clock is not its own to fix.
     */
    public record Clock(boolean ownsClock) implements Probe {
        private static final Pattern LEAP = Pattern.compile("(?m)^Leap status\\s*:\\s*(.*?)\\s*$");

        public String name() {
            return "clock";
        }

        public String expected() {
            return "synchronised";
        }

        public String command() {
            // chronyc's whole answer comes back and is read here: no sed on the host.
            return "if command -v chronyc >/dev/null 2>&1; then echo chrony; chronyc -n tracking 2>&1; "
                    + "elif t=$(timedatectl show -p NTPSynchronized --value 2>/dev/null) && [ -n \"$t\" ]; then echo \"timedatectl:$t\"; "
                    + "else echo none; fi";
        }

        public CheckResult evaluate(String raw) {
            if (!ownsClock) {
                CheckResult r = judge(raw);
                return CheckResult.info(name(), "shares its machine's clock; " + r.seen());
            }
            return judge(raw);
        }

        private CheckResult judge(String raw) {
            if (raw.equals("none")) {
                return CheckResult.info(name(), "not checked: neither chronyc nor a running systemd-timesyncd/timedatectl on this host");
            }
            if (raw.equals("chrony") || raw.startsWith("chrony\n")) {
                String answer = raw.substring("chrony".length()).strip();
                Matcher leap = LEAP.matcher(answer);
                if (!leap.find()) return failed("chronyc does not answer: " + Probe.shorten(answer.isEmpty() ? "nothing" : answer));
                return leap.group(1).equals("Normal") ? ok("synchronised (chrony, leap status Normal)")
                        : failed("not synchronised (chrony leap status " + leap.group(1) + ")");
            }
            if (raw.equals("timedatectl:yes")) return ok("synchronised (timedatectl NTPSynchronized=yes)");
            if (raw.equals("timedatectl:no")) return failed("not synchronised (timedatectl NTPSynchronized=no)");
            return unreadable(raw);
        }
    }

    /** Debian's /var/run/reboot-required: information, never a failure. */
    public record RebootRequired() implements Probe {
        public String name() {
            return "reboot required";
        }

        public String expected() {
            return "no";
        }

        public String command() {
            return "if [ -f /var/run/reboot-required ]; then echo \"yes $(cat /var/run/reboot-required.pkgs 2>/dev/null)\"; else echo no; fi";
        }

        public CheckResult evaluate(String raw) {
            if (raw.equals("no")) return CheckResult.info(name(), "no");
            if (raw.startsWith("yes")) {
                String pkgs = raw.substring(3).strip();
                return CheckResult.info(name(), pkgs.isEmpty() ? "yes" : "yes (" + Probe.shorten(pkgs) + ")");
            }
            return unreadable(raw);
        }
    }

    /**
     * Upgrades apt would install now, security ones counted apart: information for the patch schedule. The one
     * check that writes: its own cache file (/var/cache/rolestack/pending-updates), so frequent health runs stay cheap.
     */
    public record PendingUpdates() implements Probe {
        static final int APT_SECONDS = 20;
        static final String CACHE = "/var/cache/rolestack/pending-updates";

        public String name() {
            return "pending updates";
        }

        public String expected() {
            return "none";
        }

        public String command() {
            // Simulated, from the package lists as they are (no apt-get update: a check only reads).
            // apt's dependency solver takes seconds per host: the count is kept in a cache file for an hour, and
            // recomputed sooner when dpkg's status or the package lists change (an upgrade, an apt-get update).
            // Bounded: where apt runs take turns on a lock (local hosts share their archive), a long upgrade
            // elsewhere must not stall the whole health script.
            return "c=" + CACHE + "; if [ -n \"$(find \"$c\" -mmin -60 -newer /var/lib/dpkg/status -newer /var/lib/apt/lists 2>/dev/null)\" ];"
                    + " then read -r r < \"$c\"; echo \"$r\"; else"
                    + " out=$(timeout " + APT_SECONDS + " apt-get -s -q -o Debug::NoLocking=1 dist-upgrade 2>&1); rc=$?;"
                    + " if [ $rc -eq 124 ]; then echo busy; else r=$(printf '%s\\n' \"$out\""
                    + " | awk '/^Inst /{n++; if ($0 ~ /[Ss]ecurity/) s++} /^E: /{e=$0} END {if (e) print e; else print n+0, s+0}');"
                    + " case \"$r\" in [0-9]*) mkdir -p \"${c%/*}\" && printf '%s\\n' \"$r\" > \"$c.tmp\" && mv \"$c.tmp\" \"$c\";; esac;"
                    + " echo \"$r\"; fi; fi";
        }

        public CheckResult evaluate(String raw) {
            if (raw.equals("busy")) return CheckResult.info(name(), "not counted: apt busy for " + APT_SECONDS + " s");
            if (raw.startsWith("E: ")) return CheckResult.info(name(), "apt cannot tell: " + Probe.shorten(raw));
            if (!raw.matches("\\d+ \\d+")) return unreadable(raw);
            String[] f = raw.split(" ");
            if (f[0].equals("0")) return CheckResult.info(name(), "none");
            return CheckResult.info(name(), f[0] + " upgradable, " + f[1] + " of them security updates");
        }
    }
}
