package io.rolestack.platform.testing;

import io.rolestack.core.remote.Shell;
import io.rolestack.core.wait.Wait;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A steady HTTP client on a test host (one request every 100 ms, a client, not a wait), started in the
 * background and stopped by a file; each response is a line: {@code STATUS TIME RELEASE-HEADER BODY} (status 0
 * when the connection failed, {@code -} when the response has no {@code X-Rolestack-Release}). Tests read
 * the lines to count failures during an operation and, with the release header, mixed releases.
 *
 * @param on   runs a shell command as root on {@code host} and returns its stdout
 * @param host where the client runs (the jump host: it reaches the frontends' private addresses)
 * @param name names the script, log and stop files under /tmp
 */
public record RequestLoop(Function<String, String> on, String host, String name) {
    private String log() {
        return "/tmp/rolestack-" + name + ".log";
    }

    private String stopFile() {
        return "/tmp/rolestack-" + name + ".stop";
    }

    /** Starts the loop against {@code url} (with a {@code Host} header when {@code hostHeader} is not empty) and waits for 10 answers. */
    public RequestLoop start(String url, String hostHeader) {
        String script = "/tmp/rolestack-" + name + ".py";
        on.apply("rm -f " + log() + " " + stopFile() + " && printf '%s' " + Shell.quote(SCRIPT) + " > " + script
                + " && setsid nohup python3 " + script + " " + Shell.quote(url) + " " + Shell.quote(hostHeader) + " " + log()
                + " " + stopFile() + " >/dev/null 2>&1 < /dev/null &");
        awaitLines(10);
        return this;
    }

    public List<String> lines() {
        String text = on.apply("cat " + log() + " 2>/dev/null || true");
        return text.isBlank() ? List.of() : text.lines().toList();
    }

    public void awaitLines(int count) {
        Wait.upTo(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).until(() -> lines().size() >= count,
                () -> new IllegalStateException(log() + " on " + host + " has fewer than " + count + " lines: " + lines()));
    }

    /** Waits for 10 more answers (requests keep being served after the operation), stops the loop, returns every line. */
    public List<String> stop() {
        awaitLines(lines().size() + 10);
        on.apply("touch " + stopFile());
        Wait.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).until(
                () -> on.apply("pgrep -f '[r]olestack-" + name + ".py' >/dev/null && echo running || echo stopped").equals("stopped"),
                () -> new IllegalStateException("the request loop " + name + " on " + host + " did not stop"));
        return lines();
    }

    static final String SCRIPT = """
            import os, sys, time, urllib.request, urllib.error
            url, host, log, stop = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            out = open(log, 'a', buffering=1)
            while not os.path.exists(stop):
                t = time.time()
                req = urllib.request.Request(url, headers={'Host': host} if host else {})
                try:
                    r = urllib.request.urlopen(req, timeout=10)
                    code, release, body = r.status, r.getheader('X-Rolestack-Release') or '-', r.read().decode(errors='replace')
                except urllib.error.HTTPError as e:
                    code, release, body = e.code, e.headers.get('X-Rolestack-Release') or '-', e.read().decode(errors='replace')
                except Exception as e:
                    code, release, body = 0, '-', repr(e)
                out.write('%d %.3f %s %s\\n' % (code, t, release, body.replace('\\n', ' ')[:300]))
                time.sleep(max(0.0, 0.1 - (time.time() - t)))
            """;
}
