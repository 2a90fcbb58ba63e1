package io.rolestack.core.remote;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach hosts over SSH.
 *
 * @param identity         login key
 * @param knownHosts       where host keys are pinned
 * @param jump             the jump host every internal host is reached through; empty = direct
 * @param connectTimeout   per TCP/SSH connect
 * @param connectAttempts  tries before giving up on a host (backoff doubles from {@code backoff})
 * @param backoff          first wait between tries
 */
public record SshSettings(SshIdentity identity, KnownHostsStore knownHosts, Optional<SshEndpoint> jump,
                          Duration connectTimeout, int connectAttempts, Duration backoff) {
    public SshSettings {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(jump, "jump");
        if (connectAttempts < 1) throw new IllegalArgumentException("connectAttempts must be >= 1");
    }

    public static SshSettings of(SshIdentity identity, KnownHostsStore knownHosts, SshEndpoint jump) {
        return new SshSettings(identity, knownHosts, Optional.ofNullable(jump), Duration.ofSeconds(15), 4, Duration.ofMillis(500));
    }

    public SshSettings withAttempts(int attempts, Duration firstBackoff) {
        return new SshSettings(identity, knownHosts, jump, connectTimeout, attempts, firstBackoff);
    }

    public SshSettings withConnectTimeout(Duration timeout) {
        return new SshSettings(identity, knownHosts, jump, timeout, connectAttempts, backoff);
    }
}
