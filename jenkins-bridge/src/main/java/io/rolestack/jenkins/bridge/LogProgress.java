package io.rolestack.jenkins.bridge;

import io.rolestack.core.events.Progress;

import java.util.function.Consumer;

/**
 * The engines' progress as build-log lines, as they happen: {@code [host] message},
 * the same shape as the CLI's stderr, with every secret masked.
 */
public final class LogProgress implements Progress {
    private final Consumer<String> log;
    private final Masker masker;

    public LogProgress(Consumer<String> log, Masker masker) {
        this.log = log;
        this.masker = masker;
    }

    @Override
    public synchronized void step(String host, String message) {
        log.accept(masker.mask("[" + host + "] " + message));
    }

    /** A line that is not about one host (the step's own summary). */
    public synchronized void line(String text) {
        log.accept(masker.mask(text));
    }
}
