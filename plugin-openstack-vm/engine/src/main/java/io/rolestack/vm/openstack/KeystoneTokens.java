package io.rolestack.vm.openstack;

import org.openstack4j.core.transport.Config;
import org.openstack4j.model.identity.v3.Token;

import java.time.Duration;
import java.time.Instant;

/**
 * The current Keystone token, fetched again shortly before it expires, so a
 * long run (a slow boot, a big platform) never works with a stale one.
 * openstack4j's own re-authentication on 401 only knows about passwords and
 * only fixes the thread it happens on.
 */
final class KeystoneTokens {
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final OpenStackCredentials credentials;
    private final Config config;
    private final ApiCalls calls;
    private final Duration timeout;
    private volatile Token token;

    KeystoneTokens(OpenStackCredentials credentials, Config config, ApiCalls calls, Duration timeout) {
        this.credentials = credentials;
        this.config = config;
        this.calls = calls;
        this.timeout = timeout;
        this.token = KeystoneLogin.login(credentials, config, calls, timeout);
    }

    Token current() {
        Token t = token;
        if (expiresSoon(t)) {
            synchronized (this) {
                if (token == t) token = KeystoneLogin.login(credentials, config, calls, timeout);
                return token;
            }
        }
        return t;
    }

    private static boolean expiresSoon(Token t) {
        return t.getExpires() != null && t.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
    }
}
