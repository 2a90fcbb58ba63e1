package io.rolestack.app.deploy;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.wait.Wait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An app's health over HTTP through every frontend, asked from the jump host (python3's http.client: no redirects
 * followed, no curl needed): {@code requests} GETs of the health path per frontend, with the app's first host name.
 * Healthy when every answer is 200 and carries the expected release ({@code X-Rolestack-Release}, set by the
 * app's nginx site); several requests per frontend so that each app host of the upstream answers at least once
 * as nginx spreads them (round robin).
 */
public final class HealthProbe {
    private final Remote jump;
    private final List<String> frontendIps;
    private final String hostname;
    private final String path;
    private final int requests;

    public HealthProbe(Remote jump, List<String> frontendIps, String hostname, String path, int requests) {
        this.jump = jump;
        this.frontendIps = List.copyOf(frontendIps);
        this.hostname = hostname;
        this.path = path;
        this.requests = requests;
    }

    /** One answer: the frontend asked, the status (0: no answer), the release header, the start of the body. */
    public record Answer(String frontend, int status, String release, String body) {
        @Override
        public String toString() {
            return frontend + " " + (status == 0 ? "no answer" : "HTTP " + status) + (release.isEmpty() ? "" : " release " + release)
                    + (body.isEmpty() ? "" : ": " + body);
        }
    }

    public List<Answer> ask() {
        String py = "import http.client, sys\n"
                + "for ip in sys.argv[4:]:\n"
                + "  for i in range(int(sys.argv[3])):\n"
                + "    try:\n"
                + "      c = http.client.HTTPConnection(ip, 80, timeout=10)\n"
                + "      c.request('GET', sys.argv[2], headers={'Host': sys.argv[1], 'Connection': 'close'})\n"
                + "      r = c.getresponse(); b = r.read(300).decode('utf-8', 'replace')\n"
                + "      print(ip, r.status, r.getheader('X-Rolestack-Release') or '-', ' '.join(b.split())[:200], sep='\\t')\n"
                + "    except Exception as e:\n"
                + "      print(ip, 0, '-', str(e)[:200], sep='\\t')\n";
        StringBuilder cmd = new StringBuilder("python3 -c " + Shell.quote(py) + " " + Shell.quote(hostname) + " "
                + Shell.quote(path) + " " + requests);
        frontendIps.forEach(ip -> cmd.append(' ').append(Shell.quote(ip)));
        ExecResult r = jump.exec(Command.of(cmd.toString()).withTimeout(Duration.ofSeconds(30L + 15L * requests * frontendIps.size())));
        List<Answer> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", 4);
            if (f.length < 3) continue;
            int status;
            try {
                status = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                status = 0;
            }
            out.add(new Answer(f[0], status, f[2].equals("-") ? "" : f[2], f.length > 3 ? f[3] : ""));
        }
        if (out.isEmpty()) {
            out.add(new Answer("jump", 0, "", "the probe did not run: " + (r.stderr().strip() + " " + r.stdout().strip()).strip()));
        }
        return out;
    }

    /** Why these answers are not healthy for {@code release}, or empty when they are. */
    public static Optional<String> problem(List<Answer> answers, String release) {
        List<String> bad = answers.stream().filter(a -> a.status() != 200 || !a.release().equals(release))
                .map(Answer::toString).distinct().toList();
        return bad.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", bad));
    }

    /** Asks until healthy for {@code release} or {@code timeout} passes; empty when healthy, else the last problem. */
    public Optional<String> await(String release, Duration timeout) {
        String[] last = {""};
        boolean ok = Wait.upTo(timeout).every(Duration.ofSeconds(1)).holds(() -> {
            Optional<String> p = problem(ask(), release);
            last[0] = p.orElse("");
            return p.isEmpty();
        });
        return ok ? Optional.empty() : Optional.of(last[0]);
    }
}
