package io.rolestack.vm.local;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkNamesTest {
    @Test
    void linkNamesFitTheKernelLimitAndAreUniquePerEnvironmentAndHost() {
        List<String> all = new ArrayList<>();
        for (String env : List.of("production", "a-very-long-environment-name-that-is-still-a-valid-label", "t1")) {
            LinkNames n = new LinkNames(env);
            all.add(n.bridge());
            for (String h : List.of("jump", "app1", "app2", "masterdb1", "redis-sessions1", LinkNames.GATEWAY)) {
                all.addAll(List.of(n.bridgePort(h), n.bridgePeer(h), n.outsideLink(h), n.outsidePeer(h)));
            }
        }
        assertThat(all).allMatch(s -> s.length() <= 15, "at most 15 characters (IFNAMSIZ - 1)")
                .allMatch(s -> s.startsWith("rs"));
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
    }

    @Test
    void namesAreStableSoUpAgainFindsWhatItMade() {
        assertThat(new LinkNames("prod").bridgePort("app1")).isEqualTo(new LinkNames("prod").bridgePort("app1"));
        assertThat(new LinkNames("prod").netns("app1")).isEqualTo("rs-prod-app1");
        assertThat(new LinkNames("prod").netns(LinkNames.GATEWAY)).isEqualTo("rs-prod--gw");
        assertThat(new LinkNames("prod").chain()).startsWith("ROLESTACK-").hasSizeLessThanOrEqualTo(28);
    }
}
