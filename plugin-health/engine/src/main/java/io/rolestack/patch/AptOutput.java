package io.rolestack.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what apt prints: the {@code Inst} lines of a simulated
 * {@code apt-get -s dist-upgrade} and its "kept back" list.
 *
 * <pre>Inst rolestack-testpkg [1.0] (1.1 localhost [all])
 * Inst libfoo2 (2.0-1 Debian:12.8/stable [amd64])          a new package, no [from]</pre>
 */
public final class AptOutput {
    private static final Pattern INST = Pattern.compile("^Inst (\\S+)(?: \\[([^\\]]+)\\])? \\((\\S+)(?: .*)?\\)");

    private AptOutput() {
    }

    /** Every package the simulation would install or upgrade, in apt's order. */
    public static List<PackageUpgrade> upgrades(String simulation) {
        List<PackageUpgrade> out = new ArrayList<>();
        for (String line : simulation.split("\n")) {
            Matcher m = INST.matcher(line.strip());
            if (m.find()) out.add(new PackageUpgrade(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3)));
        }
        return List.copyOf(out);
    }

    /** The packages apt keeps back (held, or needing a removal it will not make), from its indented list. */
    public static List<String> keptBack(String output) {
        List<String> out = new ArrayList<>();
        boolean inList = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("The following packages have been kept back:")) {
                inList = true;
            } else if (inList && line.startsWith(" ")) {
                for (String w : line.strip().split("\\s+")) if (!w.isEmpty()) out.add(w);
            } else {
                inList = false;
            }
        }
        return List.copyOf(out);
    }

    /** Services needrestart restarted ({@code needrestart -b} prints {@code NEEDRESTART-SVC: name}). */
    public static List<String> restartedServices(String needrestartBatch) {
        List<String> out = new ArrayList<>();
        for (String line : needrestartBatch.split("\n")) {
            if (line.startsWith("NEEDRESTART-SVC:")) out.add(line.substring("NEEDRESTART-SVC:".length()).strip());
        }
        return List.copyOf(out);
    }
}
