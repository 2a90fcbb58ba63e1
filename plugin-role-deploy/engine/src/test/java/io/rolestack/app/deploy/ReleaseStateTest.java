package io.rolestack.app.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which releases a host keeps and where a rollback goes, from what the host reports. */
class ReleaseStateTest {
    static ReleaseState.Release good(String id, long at) {
        return new ReleaseState.Release(id, at, Optional.empty());
    }

    static ReleaseState.Release bad(String id, long at) {
        return new ReleaseState.Release(id, at, Optional.of("health check failed"));
    }

    @Test
    void keepCountsTheCurrentAndTheGoodOnesMadeCurrentLast() {
        ReleaseState s = new ReleaseState("app1", Optional.of("e"), List.of(good("a", 1), good("b", 2), good("c", 3),
                good("d", 4), good("e", 5)));
        assertThat(s.beyond(2)).containsExactly("c", "b", "a");
        assertThat(s.beyond(5)).isEmpty();
        assertThat(s.beyond(1)).containsExactly("d", "c", "b", "a");
    }

    @Test
    void badReleasesNeverPushAGoodOneOutAndArePrunedApart() {
        ReleaseState s = new ReleaseState("app1", Optional.of("d"), List.of(good("a", 1), bad("b", 2), bad("c", 3), good("d", 4),
                bad("x", 0), good("n", 0)));
        // keep 2: d (current) and a (the newest other good one); "n" never current counts as oldest good.
        assertThat(s.beyond(2)).containsExactlyInAnyOrder("n", "x");
        assertThat(s.beyond(3)).isEmpty();
    }

    @Test
    void aRollbackGoesToTheGoodReleaseMadeCurrentLastBeforeTheCurrent() {
        ReleaseState s = new ReleaseState("app1", Optional.of("c"), List.of(good("a", 1), good("b", 2), bad("x", 3), good("c", 4)));
        assertThat(s.previousGood()).contains("b");
        assertThat(new ReleaseState("app1", Optional.of("a"), List.of(good("a", 1), bad("b", 2))).previousGood()).isEmpty();
        assertThat(new ReleaseState("app1", Optional.empty(), List.of()).previousGood()).isEmpty();
    }
}
