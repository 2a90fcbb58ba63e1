package io.rolestack.core.naming;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a hostname maps to roles. The short name (first label) is matched against
 * {@link #pattern()}, which must have a named group {@code role} and may have
 * {@code qualifiers} (split on '-') and {@code index}. Labels after the short
 * name are the environment then the domain; missing ones take the defaults.
 * {@link #primaries()} maps a marker role to the pool it leads:
 * {@code masterdb -> db} makes {@code masterdb1} the primary of the {@code db} pool.
 */
public record NamingScheme(Pattern pattern, Map<String, String> primaries,
                           String defaultEnvironment, String defaultDomain) {

    /** The seed's convention: {@code role[-qualifier...][index]}, e.g. {@code redis-sessions1}. */
    public static final String DEFAULT_PATTERN =
            "(?<role>[a-z][a-z0-9]*?)(?:-(?<qualifiers>[a-z0-9][a-z0-9-]*?))?(?<index>[0-9]+)?";

    public static final NamingScheme DEFAULT =
            new NamingScheme(Pattern.compile(DEFAULT_PATTERN), Map.of("masterdb", "db"), "production", "local");

    public NamingScheme {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.pattern().contains("(?<role>")) {
            throw new IllegalArgumentException("naming pattern '" + pattern.pattern() + "' has no named group 'role'");
        }
        primaries = Map.copyOf(primaries);
        Objects.requireNonNull(defaultEnvironment, "defaultEnvironment");
        Objects.requireNonNull(defaultDomain, "defaultDomain");
    }

    /** Builds a scheme from a pattern written in a spec; a bad regex becomes an {@link IllegalArgumentException}. */
    public static NamingScheme of(String pattern, Map<String, String> primaries, String env, String domain) {
        try {
            return new NamingScheme(Pattern.compile(pattern), primaries, env, domain);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("naming pattern is not a valid regular expression: " + e.getDescription(), e);
        }
    }

    public NamingScheme withDefaults(String environment, String domain) {
        return new NamingScheme(pattern, primaries, environment, domain);
    }

    public boolean hasGroup(String name) {
        return pattern.pattern().contains("(?<" + name + ">");
    }
}
