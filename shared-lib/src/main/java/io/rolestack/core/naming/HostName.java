package io.rolestack.core.naming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * A VM's hostname read as its identity: {@code redis-sessions1.production.wpdn}
 * is role {@code redis}, qualifier {@code sessions}, index 1, environment
 * {@code production}, domain {@code wpdn}.
 *
 * @param shortName  first label as given, lower-cased ({@code redis-sessions1})
 * @param role       primary role; for a primary marker ({@code masterdb}) the pool it leads ({@code db})
 * @param qualifiers further roles/qualifiers in order ({@code [sessions]})
 * @param index      trailing number, if any
 * @param primary    true when the short name carries a primary marker ({@code masterdb1})
 */
public record HostName(String shortName, String role, List<String> qualifiers, OptionalInt index,
                       boolean primary, String environment, String domain) {

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    public HostName {
        qualifiers = List.copyOf(qualifiers);
    }

    public static HostName parse(String input) {
        return parse(input, NamingScheme.DEFAULT);
    }

    public static HostName parse(String input, NamingScheme scheme) {
        if (input == null || input.isEmpty()) throw new InvalidHostNameException(String.valueOf(input), "is empty");
        String name = asciiLowerCase(input);
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1); // absolute FQDN
        if (name.length() > MAX_NAME) {
            throw new InvalidHostNameException(input, "longer than " + MAX_NAME + " characters (RFC 1123)");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) checkLabel(input, label);

        String shortName = labels[0];
        String environment = labels.length > 1 ? labels[1] : scheme.defaultEnvironment();
        String domain = labels.length > 2 ? String.join(".", Arrays.copyOfRange(labels, 2, labels.length))
                : scheme.defaultDomain();

        Matcher m = scheme.pattern().matcher(shortName);
        if (!m.matches()) {
            throw new InvalidHostNameException(input, "short name '" + shortName
                    + "' does not match the naming pattern " + scheme.pattern().pattern());
        }
        String role = m.group("role");
        if (role == null || role.isEmpty()) throw new InvalidHostNameException(input, "no role in short name '" + shortName + "'");
        List<String> qualifiers = new ArrayList<>();
        String q = scheme.hasGroup("qualifiers") ? m.group("qualifiers") : null;
        if (q != null) {
            for (String part : q.split("-", -1)) {
                if (part.isEmpty()) throw new InvalidHostNameException(input, "empty role/qualifier between '-'");
                qualifiers.add(part);
            }
        }
        OptionalInt index = OptionalInt.empty();
        String idx = scheme.hasGroup("index") ? m.group("index") : null;
        if (idx != null && !idx.isEmpty()) {
            if (idx.length() > 9) throw new InvalidHostNameException(input, "index '" + idx + "' has more than 9 digits");
            index = OptionalInt.of(Integer.parseInt(idx));
        }
        boolean primary = false;
        String led = scheme.primaries().get(role);
        if (led != null) {
            primary = true;
            role = led;
        }
        return new HostName(shortName, role, qualifiers, index, primary, environment, domain);
    }

    /**
     * Upper-case ASCII letters only: {@code toLowerCase} would fold the Kelvin sign (U+212A)
     * into {@code k} and let a non-ASCII name through.
     */
    private static String asciiLowerCase(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) if (cs[i] >= 'A' && cs[i] <= 'Z') cs[i] = (char) (cs[i] + ('a' - 'A'));
        return new String(cs);
    }

    private static void checkLabel(String input, String label) {
        if (label.isEmpty()) throw new InvalidHostNameException(input, "empty label (RFC 1123)");
        if (label.length() > MAX_LABEL) {
            throw new InvalidHostNameException(input, "label '" + label + "' longer than " + MAX_LABEL + " characters (RFC 1123)");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new InvalidHostNameException(input, "label '" + label + "' has a character outside [a-z0-9-] (RFC 1123)");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new InvalidHostNameException(input, "label '" + label + "' starts or ends with '-' (RFC 1123)");
        }
    }

    /** All roles, primary first: {@code [redis, sessions]}. */
    public List<String> roles() {
        List<String> all = new ArrayList<>(1 + qualifiers.size());
        all.add(role);
        all.addAll(qualifiers);
        return List.copyOf(all);
    }

    /** The pool key: role plus qualifiers ({@code redis-sessions}); equal to {@link #role()} when unqualified. */
    public String poolKey() {
        return String.join("-", roles());
    }

    /** {@code short.environment.domain}. */
    public String fqdn() {
        return shortName + "." + environment + "." + domain;
    }

    public Optional<Integer> indexValue() {
        return index.isPresent() ? Optional.of(index.getAsInt()) : Optional.empty();
    }

    @Override
    public String toString() {
        return fqdn();
    }
}
