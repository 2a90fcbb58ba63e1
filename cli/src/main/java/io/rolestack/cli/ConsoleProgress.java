package io.rolestack.cli;

import io.rolestack.core.events.Progress;

import java.io.PrintWriter;

/** Progress lines on stderr ({@code [host] message}), so stdout stays for results and --json. */
final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final boolean quiet;

    ConsoleProgress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public synchronized void step(String host, String message) {
        if (quiet) return;
        err.printf("[%s] %s%n", host, message);
        err.flush();
    }
}
