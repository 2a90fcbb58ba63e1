package io.rolestack.vm.openstack;

import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs OpenStack API calls with a deadline, turns failures into
 * {@link OpenStackApiException}s that say what failed and why, and retries
 * (with exponential backoff) only what can succeed later: 5xx, timeouts,
 * connection failures, 409 conflicts caused by a transient state.
 *
 * <p>Each call runs on a thread of its own because the bundled openstack4j
 * connector (RESTEasy) sets no socket read timeout: waiting on a future is the
 * only way to bound a call. openstack4j binds its session to the calling thread,
 * so the client is bound anew on that thread for every call.
 */
final class ApiCalls implements AutoCloseable {
    private final Duration callTimeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final List<String> secrets;
    private final ExecutorService callThreads;
    private volatile Supplier<OSClientV3> client;

    ApiCalls(Duration callTimeout, int attempts, Duration firstBackoff, List<String> secrets) {
        this.callTimeout = callTimeout;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.secrets = List.copyOf(secrets);
        AtomicInteger n = new AtomicInteger();
        this.callThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openstack-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Sets how a thread gets a client bound to the current token. */
    void bind(Supplier<OSClientV3> clientForThisThread) {
        this.client = clientForThisThread;
    }

    /** A call that returns a value; a 404 on a GET comes back from openstack4j as null. */
    <T> T call(String target, String call, Function<OSClientV3, T> fn) {
        return withRetries(target, call, () -> fn.apply(client.get()));
    }

    /** A call that must not be repeated (a POST that creates): a timeout may have done it already. */
    <T> T callOnce(String target, String call, Function<OSClientV3, T> fn) {
        return once(target, call, () -> fn.apply(client.get()));
    }

    /** A call answered by an ActionResponse (delete, actions); a failed response becomes an exception. */
    void action(String target, String call, Function<OSClientV3, ActionResponse> fn, boolean notFoundIsDone) {
        withRetries(target, call, () -> {
            ActionResponse r = fn.apply(client.get());
            if (r == null || r.isSuccess() || (notFoundIsDone && r.getCode() == 404)) return null;
            throw describe(target, call, r.getCode(), r.getFault());
        });
    }

    /** A call that needs no bound client (Keystone login). */
    <T> T unbound(String target, String call, Supplier<T> fn) {
        return withRetries(target, call, fn);
    }

    private <T> T withRetries(String target, String call, Supplier<T> fn) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(target, call, fn);
            } catch (OpenStackApiException e) {
                if (!e.retryable() || attempt >= attempts) throw e;
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private <T> T once(String target, String call, Supplier<T> fn) {
        Future<T> f = callThreads.submit(fn::get);
        try {
            return f.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new OpenStackApiException(target, call, 0,
                    "no answer within " + human(callTimeout) + " (timeout)", true);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new OpenStackApiException(target, call, 0, "interrupted", false);
        } catch (ExecutionException e) {
            throw map(target, call, e.getCause());
        }
    }

    OpenStackApiException map(String target, String call, Throwable t) {
        if (t instanceof OpenStackApiException o) return o;
        if (t instanceof ConnectionException c) {
            Throwable root = c.getCause() == null ? c : rootCause(c);
            return new OpenStackApiException(target, call, 0, "cannot reach OpenStack: "
                    + scrub(root.getClass().getSimpleName() + ": " + root.getMessage()), true);
        }
        if (t instanceof ResponseException r) return describe(target, call, r.getStatus(), r.getMessage());
        return new OpenStackApiException(target, call, 0, "unexpected client failure: "
                + scrub(t.getClass().getSimpleName() + ": " + t.getMessage()), false);
    }

    OpenStackApiException describe(String target, String call, int status, String serverMessage) {
        String msg = scrub(serverMessage == null ? "" : serverMessage.trim());
        String lower = msg.toLowerCase(Locale.ROOT);
        boolean quota = lower.contains("quota") || lower.contains("exceeded");
        String reason;
        boolean retry = false;
        switch (status) {
            case 400 -> reason = "rejected as invalid (400)";
            case 401 -> reason = "not authenticated (401): the token or the credentials were refused";
            case 403 -> reason = quota ? "quota exceeded (403)" : "forbidden (403): the project's role does not allow it";
            case 404 -> reason = "not found (404)";
            case 409 -> {
                // Nova and Neutron answer 409 while a resource is busy (task_state, "in use"); that passes.
                retry = lower.contains("state") || lower.contains("in use") || lower.contains("busy");
                reason = "conflict (409)";
            }
            case 413 -> reason = quota ? "quota exceeded (413 overLimit)" : "over limit (413)";
            case 429 -> {
                retry = true;
                reason = "rate limited (429)";
            }
            default -> {
                retry = status >= 500 || status == 0;
                reason = status >= 500 ? "OpenStack server error (" + status + ")" : "HTTP " + status;
            }
        }
        return new OpenStackApiException(target, call, status, msg.isEmpty() ? reason : reason + ": " + msg, retry);
    }

    /** Removes every secret this provider knows from text about to be shown. */
    String scrub(String text) {
        String s = String.valueOf(text);
        for (String secret : secrets) s = s.replace(secret, "****");
        return s;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        callThreads.shutdownNow();
    }
}
