package io.rolestack.core.facts;

import java.util.Optional;

/** What is at a path: nothing, a file (owner, group, mode, sha256), a directory, a symlink (target) or something else. */
public record PathFact(String path, Kind kind, String owner, String group, int mode, Optional<String> sha256,
                       Optional<String> linkTarget) {
    public enum Kind { ABSENT, FILE, DIRECTORY, SYMLINK, OTHER }

    public static PathFact absent(String path) {
        return new PathFact(path, Kind.ABSENT, "", "", 0, Optional.empty(), Optional.empty());
    }

    public boolean exists() {
        return kind != Kind.ABSENT;
    }
}
