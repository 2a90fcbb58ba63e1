package io.rolestack.app.deploy;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;

import java.time.Duration;
import java.util.Optional;

/**
 * One deploy or rollback of an app at a time, whoever runs it (a Jenkins agent, someone's CLI): a directory
 * created atomically ({@code mkdir}) on the jump host, which every run goes through. It names its holder; one
 * older than {@code ttl} (a run that died) is broken by the next.
 */
public final class DeployLock {
    public static final String DIR = "/var/lib/rolestack/app-locks";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private final Remote jump;
    private final String path;

    public DeployLock(Remote jump, String app) {
        this.jump = jump;
        this.path = DIR + "/" + app;
    }

    /** Takes the lock for {@code holder}; empty when taken, else who holds it and since when. */
    public Optional<String> acquire(String holder, Duration ttl) {
        String l = Shell.quote(path);
        String out = jump.run(Command.sudo("set -eu\nmkdir -p " + Shell.quote(DIR) + "\nl=" + l + "\nnow=$(date +%s)\n"
                + "if [ -d \"$l\" ]; then since=$(cat \"$l/since\" 2>/dev/null || echo 0)\n"
                + "  if [ $((now - since)) -gt " + ttl.toSeconds() + " ]; then rm -rf \"$l\"; fi\nfi\n"
                + "if mkdir \"$l\" 2>/dev/null; then cat > \"$l/holder\"; echo \"$now\" > \"$l/since\"; echo acquired\n"
                + "else printf 'held by %s since %s\\n' \"$(cat \"$l/holder\" 2>/dev/null)\" "
                + "\"$(date -u -d @\"$(cat \"$l/since\" 2>/dev/null || echo 0)\" +%FT%TZ)\"; fi\n")
                .withStdin(holder + "\n")).stdout().strip();
        return out.equals("acquired") ? Optional.empty() : Optional.of(out);
    }

    /** Releases the lock if {@code holder} still holds it (a broken and retaken lock is left to its new holder). */
    public void release(String holder) {
        jump.exec(Command.sudo("l=" + Shell.quote(path) + "; if [ \"$(cat \"$l/holder\" 2>/dev/null)\" = \"$(cat)\" ]; then rm -rf \"$l\"; fi")
                .withStdin(holder + "\n"));
    }
}
