package io.rolestack.core.facts;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.rolestack.core.remote.Shell.quote;

/**
 * One shell script that reads every fact a host's roles need, and its parser.
 * This is where speed comes from: a no-op apply is one round trip per host
 * (plus nothing), whatever the number of packages, files and services.
 *
 * <p>Output is one tab-separated record per line, tagged: {@code I} init,
 * {@code P} package, {@code F} path, {@code S} sysctl, {@code V} service,
 * {@code U} user, {@code G} group, {@code L} line, {@code C} guard,
 * {@code A} apt lists age, {@code E} end (so a cut-off output is noticed).
 */
public final class FactScript {
    private FactScript() {
    }

    public static HostFacts gather(Remote remote, FactQuery query) {
        String script = build(query);
        ExecResult r = remote.exec(Command.sudo(script));
        if (!r.ok()) {
            throw new RemoteException(remote.host(), "reading facts failed (exit " + r.exitCode() + ")"
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
        }
        return parse(r.stdout(), query);
    }

    public static String build(FactQuery q) {
        StringBuilder s = new StringBuilder();
        s.append("LC_ALL=C; export LC_ALL; T=$(printf '\\t')\n");
        s.append("if [ -d /run/systemd/system ]; then SYSTEMD=1; echo \"I${T}systemd\"; else SYSTEMD=0; echo \"I${T}sysv\"; fi\n");
        if (!q.packages.isEmpty()) {
            s.append("dpkg-query -W -f='P\\t${Package}\\t${db:Status-Status}\\t${Version}\\n'");
            for (String p : q.packages) s.append(' ').append(quote(p));
            s.append(" 2>/dev/null\n");
        }
        if (!q.paths.isEmpty()) {
            s.append("for p in");
            for (String p : q.paths) s.append(' ').append(quote(p));
            s.append("; do\n")
             .append("  if [ -L \"$p\" ]; then echo \"F${T}$p${T}link${T}$(readlink \"$p\")\";\n")
             .append("  elif [ -f \"$p\" ]; then echo \"F${T}$p${T}file${T}$(stat -c '%U %G %a' \"$p\")${T}$(sha256sum < \"$p\" | cut -d' ' -f1)\";\n")
             .append("  elif [ -d \"$p\" ]; then echo \"F${T}$p${T}dir${T}$(stat -c '%U %G %a' \"$p\")\";\n")
             .append("  elif [ -e \"$p\" ]; then echo \"F${T}$p${T}other\";\n")
             .append("  else echo \"F${T}$p${T}absent\"; fi\n")
             .append("done\n");
        }
        for (String k : q.sysctl) {
            s.append("v=$(sysctl -n ").append(quote(k)).append(" 2>/dev/null) && echo \"S${T}")
             .append(k).append("${T}$(echo $v)\"\n");
        }
        if (!q.services.isEmpty()) {
            s.append("for s in");
            for (String v : q.services) s.append(' ').append(quote(v));
            s.append("; do\n")
             .append("  if [ $SYSTEMD = 1 ]; then\n")
             .append("    if systemctl cat \"$s.service\" >/dev/null 2>&1; then i=1; else i=0; fi\n")
             .append("    systemctl is-active --quiet \"$s\" && a=1 || a=0\n")
             .append("    case \"$(systemctl is-enabled \"$s\" 2>/dev/null)\" in enabled|enabled-runtime|static|alias|indirect) e=1;; *) e=0;; esac\n")
             .append("  elif [ -x \"/etc/init.d/$s\" ]; then\n")
             .append("    i=1; service \"$s\" status >/dev/null 2>&1 && a=1 || a=0\n")
             .append("    ls /etc/rc2.d/S*\"$s\" >/dev/null 2>&1 && e=1 || e=0\n")
             .append("  else i=0; a=0; e=0; fi\n")
             .append("  echo \"V${T}$s${T}$i${T}$a${T}$e\"\n")
             .append("done\n");
        }
        for (String u : q.users) {
            s.append("if id ").append(quote(u)).append(" >/dev/null 2>&1; then echo \"U${T}").append(u)
             .append("${T}$(id -Gn ").append(quote(u)).append(" | tr ' ' ',')\"; fi\n");
        }
        for (String g : q.groups) {
            s.append("getent group ").append(quote(g)).append(" >/dev/null && echo \"G${T}").append(g).append("\"\n");
        }
        for (int i = 0; i < q.lines.size(); i++) {
            FactQuery.LineQuery l = q.lines.get(i);
            s.append("grep -qxF -e ").append(quote(l.line())).append(' ').append(quote(l.path()))
             .append(" 2>/dev/null && echo \"L${T}").append(i).append("\"\n");
        }
        for (int i = 0; i < q.unless.size(); i++) {
            // Guards run in a subshell with no input: they may read, and must not act.
            s.append("( ").append(q.unless.get(i)).append(" ) </dev/null >/dev/null 2>&1; echo \"C${T}").append(i)
             .append("${T}$?\"\n");
        }
        s.append("if ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 && [ -f /var/cache/apt/pkgcache.bin ]; then ")
         .append("echo \"A${T}$(( $(date +%s) - $(stat -c %Y /var/cache/apt/pkgcache.bin) ))\"; else echo \"A${T}-1\"; fi\n");
        s.append("echo \"B${T}$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)\"\n");
        s.append("echo E\n");
        return s.toString();
    }

    public static HostFacts parse(String out, FactQuery q) {
        boolean systemd = false;
        boolean end = false;
        Map<String, String> installed = new LinkedHashMap<>();
        Map<String, PathFact> paths = new LinkedHashMap<>();
        Map<String, String> sysctl = new LinkedHashMap<>();
        Map<String, ServiceFact> services = new LinkedHashMap<>();
        Map<String, List<String>> users = new HashMap<>();
        Set<String> groups = new HashSet<>();
        Set<String> lines = new HashSet<>();
        Map<String, Integer> unless = new HashMap<>();
        long aptAge = -1;
        String bootId = "";
        for (String line : out.split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "I" -> systemd = f[1].equals("systemd");
                case "P" -> {
                    if (f.length >= 4 && f[2].equals("installed")) installed.put(f[1], f[3]);
                }
                case "F" -> paths.put(f[1], path(f));
                case "S" -> sysctl.put(f[1], f.length > 2 ? f[2].trim().replaceAll("\\s+", " ") : "");
                case "V" -> services.put(f[1], new ServiceFact(f[1], f[2].equals("1"), f[3].equals("1"), f[4].equals("1")));
                case "U" -> users.put(f[1], f.length > 2 && !f[2].isEmpty() ? Arrays.asList(f[2].split(",")) : List.of());
                case "G" -> groups.add(f[1]);
                case "L" -> {
                    FactQuery.LineQuery l = q.lines.get(Integer.parseInt(f[1]));
                    lines.add(l.path() + "\0" + l.line());
                }
                case "C" -> unless.put(q.unless.get(Integer.parseInt(f[1])), Integer.parseInt(f[2].trim()));
                case "A" -> aptAge = Long.parseLong(f[1].trim());
                case "B" -> bootId = f.length > 1 ? f[1].trim() : "";
                case "E" -> end = true;
                default -> {
                    // Noise from login scripts (motd, profile echo) is not ours; skip it.
                }
            }
        }
        if (!end) throw new IllegalStateException("fact output ended early (no end marker): " + tail(out));
        return new HostFacts(systemd, installed, paths, sysctl, services, users, groups, lines, unless, aptAge, bootId);
    }

    private static PathFact path(String[] f) {
        String p = f[1];
        return switch (f[2]) {
            case "link" -> new PathFact(p, PathFact.Kind.SYMLINK, "", "", 0, Optional.empty(), Optional.of(f[3]));
            case "file", "dir" -> {
                String[] st = f[3].split(" ");
                yield new PathFact(p, f[2].equals("file") ? PathFact.Kind.FILE : PathFact.Kind.DIRECTORY, st[0], st[1],
                        Integer.parseInt(st[2], 8), f[2].equals("file") ? Optional.of(f[4]) : Optional.empty(),
                        Optional.empty());
            }
            case "other" -> new PathFact(p, PathFact.Kind.OTHER, "", "", 0, Optional.empty(), Optional.empty());
            default -> PathFact.absent(p);
        };
    }

    private static String tail(String s) {
        return s.length() <= 200 ? s : "…" + s.substring(s.length() - 200);
    }

    /** Current contents of files (for diffs), in one round trip; files over {@code maxBytes} come back empty. */
    public static Map<String, Optional<String>> contents(Remote remote, List<String> files, int maxBytes) {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        if (files.isEmpty()) return out;
        StringBuilder s = new StringBuilder("for p in");
        for (String f : files) s.append(' ').append(quote(f));
        // A file gone since the facts were read, or too big for a diff, comes back as '-'.
        s.append("; do printf 'X\\t%s\\t' \"$p\"; if [ -f \"$p\" ] && [ $(stat -c %s \"$p\") -le ").append(maxBytes)
         .append(" ]; then base64 -w0 < \"$p\"; else printf '-'; fi; echo; done");
        ExecResult r = remote.run(Command.sudo(s.toString()));
        List<String> seen = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !f[0].equals("X")) continue;
            seen.add(f[1]);
            out.put(f[1], f[2].equals("-") ? Optional.empty()
                    : Optional.of(new String(java.util.Base64.getDecoder().decode(f[2]), java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }
}
