package io.rolestack.cli;

import io.rolestack.core.events.Progress;
import io.rolestack.platform.Platform;
import io.rolestack.platform.patch.PatchRequest;
import io.rolestack.platform.watch.WatchEvent;
import io.rolestack.platform.watch.WatchRequest;
import io.rolestack.platform.watch.Watcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Runs the spec's scheduled jobs, one at a time, until stopped: the patch run (as rolestack patch) "
                + "at patching.schedule, a MariaDB backup then retention (rolestack backup db, then prune when the backup "
                + "is good) at backups.schedule, and an app deploy (as rolestack app deploy APP) when the ref of an app "
                + "with poll: moved (asked of its repo every poll interval; a commit whose deploy failed is not retried "
                + "until the ref moves again). Cron is read on this machine's clock and time zone; Jenkins' H is resolved from "
                + "'<environment>/<job>', the same minute on every run (rolestack spec schedule --resolved shows it).",
                "A slot missed while watch was not running is run once at start (catch-up), never once per missed slot; "
                        + "a slot already run (or started) is not run again after a restart. Last runs are kept in "
                        + "DIR/watch-state; one watch per state directory.",
                "Every event goes to stderr with its time; a failed run is reported and watching goes on. "
                        + "SIGTERM or Ctrl-C stops it between jobs: a running patch or backup finishes first.",
                "Exit code: 0 stopped (with --once: every run ok), 1 with --once a run, a deploy or a poll failed, 2 bad input "
                        + "(nothing scheduled or polled).",
                "Details: docs/watch.md. Example: rolestack watch -f SPEC --state /var/lib/rolestack"})
final class WatchCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;
    @Mixin
    Output output;
    @Mixin
    PlatformArguments platform;

    @Option(names = "--once", description = "Run what is due now (a missed slot included), then exit: for a cron job or a "
            + "systemd timer instead of a long-running watch.")
    boolean once;

    @Option(names = "--state", paramLabel = "DIR", description = "Where watch-state is kept (default: the environment's state "
            + "directory, for local hosts the provider's, else ~/.config/rolestack/state/ENV).")
    Path state;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "Patch runs: how long a patched host gets to pass its health checks (default ${DEFAULT-VALUE}).")
    int healthTimeout;

    @Option(names = "--dpkg-lock-wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "Patch runs: how long apt waits for a dpkg lock another process holds (default ${DEFAULT-VALUE}).")
    int dpkgLockWait;

    @Option(names = "--app-health-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "App deploys: how long a new release gets to answer its health check (default ${DEFAULT-VALUE}).")
    int appHealthTimeout;

    @Override
    public Integer call() {
        PrintWriter err = output.cmd.commandLine().getErr();
        Clock clock = Clock.systemDefaultZone();
        Log log = new Log(err, clock, output.quiet);
        Platform p = Platform.open(spec.load(), platform.options(output).withProgress(log));
        WatchRequest request = WatchRequest.defaults(log::event)
                .withPatch(new PatchRequest(false, Duration.ofSeconds(healthTimeout), Duration.ofSeconds(dpkgLockWait)))
                .withAppHealthTimeout(Duration.ofSeconds(appHealthTimeout));
        if (state != null) request = request.withStateDir(state);
        Watcher watcher = p.watcher(request);

        // SIGTERM/SIGINT: ask the watcher to stop and hold the JVM's exit until it has (a running job finishes first).
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.line("[watch] signal: stopping after the running job, if any");
            watcher.stop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rolestack-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Watcher.WatchSummary summary = watcher.run(once);
            print(summary);
            return once && summary.failures() > 0 ? Rolestack.FAILED : 0;
        } finally {
            // After the summary is printed: a signal's hook lets the JVM exit from here on.
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that done is counted down
            }
        }
    }

    private void print(Watcher.WatchSummary summary) {
        PrintWriter w = output.out();
        if (output.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", summary.runs());
            m.put("failed", summary.failures());
            w.println(Json.write(m));
        } else {
            w.printf("%d run(s), %d failed%n", summary.runs(), summary.failures());
        }
        w.flush();
    }

    /** Watch events and the patch runs' per-host progress on stderr, each line with its time (a long-running log). */
    static final class Log implements Progress {
        private final PrintWriter err;
        private final Clock clock;
        private final boolean quiet;

        Log(PrintWriter err, Clock clock, boolean quiet) {
            this.err = err;
            this.clock = clock;
            this.quiet = quiet;
        }

        /** Watch events are printed even with --quiet: they are the point of the command. */
        void event(WatchEvent e) {
            line(e.at(), "[watch] " + (e.job().isEmpty() ? "" : e.job() + ": ") + e.kind().name().toLowerCase(Locale.ROOT)
                    + ": " + e.message());
        }

        @Override
        public void step(String host, String message) {
            if (!quiet) line("[" + host + "] " + message);
        }

        void line(String text) {
            line(clock.instant(), text);
        }

        synchronized void line(Instant at, String text) {
            err.println(format(at, clock) + " " + text);
            err.flush();
        }

        static String format(Instant at, Clock clock) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.ofInstant(at, clock.getZone()).truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
