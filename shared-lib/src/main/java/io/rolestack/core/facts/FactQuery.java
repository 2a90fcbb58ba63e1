package io.rolestack.core.facts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything to read from one host in one round trip: the packages, paths,
 * sysctl keys, services, users, groups, lines and guard commands that the
 * host's roles manage. Built by the planner, run by {@link FactScript}.
 */
public final class FactQuery {
    final Set<String> packages = new LinkedHashSet<>();
    final Set<String> paths = new LinkedHashSet<>();
    final Set<String> sysctl = new LinkedHashSet<>();
    final Set<String> services = new LinkedHashSet<>();
    final Set<String> users = new LinkedHashSet<>();
    final Set<String> groups = new LinkedHashSet<>();
    final List<LineQuery> lines = new ArrayList<>();
    final List<String> unless = new ArrayList<>();

    record LineQuery(String path, String line) {
    }

    public FactQuery packages(java.util.Collection<String> names) {
        packages.addAll(names);
        return this;
    }

    public FactQuery path(String path) {
        paths.add(path);
        return this;
    }

    public FactQuery sysctl(String key) {
        sysctl.add(key);
        return this;
    }

    public FactQuery service(String name) {
        services.add(name);
        return this;
    }

    public FactQuery user(String name) {
        users.add(name);
        return this;
    }

    public FactQuery group(String name) {
        groups.add(name);
        return this;
    }

    public FactQuery line(String path, String line) {
        LineQuery q = new LineQuery(path, line);
        if (!lines.contains(q)) lines.add(q);
        return this;
    }

    /** A read-only guard command ({@code unless:}); facts record its exit code. */
    public FactQuery unless(String command) {
        if (!unless.contains(command)) unless.add(command);
        return this;
    }
}
