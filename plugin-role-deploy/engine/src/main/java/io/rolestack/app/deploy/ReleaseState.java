package io.rolestack.app.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An app's releases on one host, as read there: which one {@code current} points at, and every release
 * directory with when it was last made current (0: never) and why it is BAD (empty: good).
 */
public record ReleaseState(String host, Optional<String> current, List<Release> releases) {
    public ReleaseState {
        releases = releases.stream().sorted(Comparator.comparingLong(Release::activated).reversed()
                .thenComparing(Release::id)).toList();
    }

    public record Release(String id, long activated, Optional<String> bad) {
        public boolean good() {
            return bad.isEmpty();
        }
    }

    public boolean has(String id) {
        return releases.stream().anyMatch(r -> r.id().equals(id));
    }

    public Optional<Release> release(String id) {
        return releases.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The good release made current most recently before the current one: where a rollback goes. */
    public Optional<String> previousGood() {
        return releases.stream().filter(r -> r.good() && r.activated() > 0 && !current.map(r.id()::equals).orElse(false))
                .map(Release::id).findFirst();
    }

    /**
     * What pruning removes: beyond the {@code keep} good releases made current last (the current one counted
     * first), the older good ones; and BAD ones beyond {@code keep} of their own. A BAD release never takes a
     * good one's place, and the current one is never removed.
     */
    public List<String> beyond(int keep) {
        List<Release> good = releases.stream().filter(r -> r.good() && !isCurrent(r)).toList();
        List<Release> bad = releases.stream().filter(r -> !r.good() && !isCurrent(r)).toList();
        int goodKept = Math.max(0, keep - (current.isPresent() ? 1 : 0));
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        good.stream().skip(goodKept).map(Release::id).forEach(out::add);
        bad.stream().skip(keep).map(Release::id).forEach(out::add);
        return out;
    }

    private boolean isCurrent(Release r) {
        return current.map(r.id()::equals).orElse(false);
    }
}
