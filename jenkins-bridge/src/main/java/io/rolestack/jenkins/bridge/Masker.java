package io.rolestack.jenkins.bridge;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every secret value in a text with {@code ****} before it reaches the
 * build log or a returned value. A multi-line secret (a key, a clouds.yaml, a
 * certificate) is masked whole and line by line (but its PEM armour lines), so a line of it quoted in an
 * error is masked too. Longer values are replaced first, so a secret that
 * contains another is masked whole.
 */
public final class Masker implements Serializable {
    public static final String MASK = "****";
    /** Lines of a multi-line secret shorter than this are not secret on their own ("-----END", "}", "  auth:"). */
    static final int MIN_LINE = 12;
    private static final long serialVersionUID = 1L;

    private final ArrayList<String> secrets;

    private Masker(List<String> secrets) {
        this.secrets = new ArrayList<>(secrets);
    }

    public static Masker none() {
        return new Masker(List.of());
    }

    public static Masker of(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || v.isBlank()) continue;
            all.add(v);
            all.add(v.strip());
            if (v.indexOf('\n') >= 0) {
                v.lines().map(String::strip).filter(l -> l.length() >= MIN_LINE && !armour(l)).forEach(all::add);
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Masker(sorted);
    }

    /** A PEM armour line ({@code -----BEGIN ... KEY-----}) says what the secret is, not what it holds. */
    private static boolean armour(String line) {
        return line.startsWith("-----") && line.endsWith("-----");
    }

    /** This masker and {@code more} values. */
    public Masker plus(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return of(all);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }
}
