package io.rolestack.platform.watch;

import io.rolestack.core.files.AtomicFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The watcher's memory across restarts: per job a {@link JobRecord}, in one properties file
 * ({@code <job>.<field>=<value>}, instants in ISO-8601 UTC), rewritten whole and atomically after every change.
 * Open, it holds an exclusive lock on {@code <file>.lock}: a second watcher on the same state is refused instead
 * of running every job twice.
 */
public final class WatchState implements AutoCloseable {
    private static final String HEADER = "# rolestack watch: per job, since when it is watched and its last run; per polled app "
            + "(app.NAME.*), the last commit deployed and the last that failed. Deleting it forgets every run: nothing is "
            + "caught up, the next slot runs, every polled app is deployed once (a no-op where the hosts run it).";
    /** The prefix of a polled app's keys: {@code app.NAME.FIELD} (app names have no dot). */
    static final String APP = "app.";

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, JobRecord> jobs;
    private final Map<String, AppRecord> apps;

    private WatchState(Path file, FileChannel lockChannel, FileLock lock, Map<String, JobRecord> jobs, Map<String, AppRecord> apps) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.jobs = jobs;
        this.apps = apps;
    }

    /** Locks and reads {@code file} (none yet: no job seen). Another process or watcher holding it: refused. */
    public static WatchState open(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("another rolestack watch is using " + file + " (it holds " + lockFile
                        + "); stop it first, or give this one its own --state directory");
            }
            Properties p = load(file);
            WatchState s = new WatchState(file, ch, lock, jobs(file, p), apps(file, p));
            ch = null;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the watch state " + file + ": " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the refusal above is the error to report
                }
            }
        }
    }

    public Path file() {
        return file;
    }

    public Optional<JobRecord> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** Sets the job's record and writes the whole file at once. */
    public void put(String name, JobRecord record) {
        jobs.put(name, record);
        AtomicFile.write(file, format(jobs, apps), AtomicFile.PUBLIC);
    }

    /** What is known of a polled app: {@link AppRecord#NONE} when it never was. */
    public AppRecord app(String name) {
        return apps.getOrDefault(name, AppRecord.NONE);
    }

    /** Sets the app's record (kept in memory even when the write fails) and writes the whole file at once. */
    public void putApp(String name, AppRecord record) {
        apps.put(name, record);
        AtomicFile.write(file, format(jobs, apps), AtomicFile.PUBLIC);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file + ".lock: " + e.getMessage(), e);
        }
    }

    static String format(Map<String, JobRecord> jobs) {
        return format(jobs, Map.of());
    }

    static String format(Map<String, JobRecord> jobs, Map<String, AppRecord> apps) {
        Properties p = new Properties();
        apps.forEach((name, r) -> {
            String k = APP + name + ".";
            r.deployedCommit().ifPresent(x -> p.setProperty(k + "deployedCommit", x));
            r.deployedRelease().ifPresent(x -> p.setProperty(k + "deployedRelease", x));
            r.deployedAt().ifPresent(x -> p.setProperty(k + "deployedAt", x.toString()));
            r.failedCommit().ifPresent(x -> p.setProperty(k + "failedCommit", x));
            r.failedAt().ifPresent(x -> p.setProperty(k + "failedAt", x.toString()));
            r.failedSummary().ifPresent(x -> p.setProperty(k + "failedSummary", x));
        });
        jobs.forEach((name, r) -> {
            p.setProperty(name + ".watchedSince", r.watchedSince().toString());
            r.lastSlot().ifPresent(t -> p.setProperty(name + ".lastSlot", t.toString()));
            r.lastStarted().ifPresent(t -> p.setProperty(name + ".lastStarted", t.toString()));
            r.lastFinished().ifPresent(t -> p.setProperty(name + ".lastFinished", t.toString()));
            r.lastResult().ifPresent(x -> p.setProperty(name + ".lastResult", x.word()));
            r.lastSummary().ifPresent(x -> p.setProperty(name + ".lastSummary", x));
        });
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store escapes each entry onto one line but writes a date comment and hash order: sorted, no date.
        return HEADER + "\n" + w.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Properties load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Properties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the watch state " + file + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the watch state " + file + " does not parse: " + e.getMessage()
                    + " (move it away to start afresh)", e);
        }
        return p;
    }

    private static Map<String, JobRecord> jobs(Path file, Properties p) {
        Map<String, JobRecord> jobs = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.endsWith(".watchedSince")) continue;
            String name = key.substring(0, key.length() - ".watchedSince".length());
            jobs.put(name, new JobRecord(instant(file, p, key).orElseThrow(),
                    instant(file, p, name + ".lastSlot"), instant(file, p, name + ".lastStarted"),
                    instant(file, p, name + ".lastFinished"),
                    Optional.ofNullable(p.getProperty(name + ".lastResult")).map(w -> JobRecord.Result.of(w).orElseThrow(() ->
                            new IllegalStateException("the watch state " + file + ": " + name + ".lastResult '" + w
                                    + "' is none of ok, failed, running, interrupted (move the file away to start afresh)"))),
                    Optional.ofNullable(p.getProperty(name + ".lastSummary"))));
        }
        return jobs;
    }

    static Map<String, AppRecord> apps(Path file, Properties p) {
        Map<String, AppRecord> apps = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length != 3 || !key.startsWith(APP) || apps.containsKey(parts[1])) continue;
            String k = APP + parts[1] + ".";
            apps.put(parts[1], new AppRecord(commit(file, p, k + "deployedCommit"),
                    Optional.ofNullable(p.getProperty(k + "deployedRelease")), instant(file, p, k + "deployedAt"),
                    commit(file, p, k + "failedCommit"), instant(file, p, k + "failedAt"),
                    Optional.ofNullable(p.getProperty(k + "failedSummary"))));
        }
        return apps;
    }

    private static Optional<String> commit(Path file, Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) return Optional.empty();
        if (!v.trim().matches("[0-9a-f]{40}")) {
            throw new IllegalStateException("the watch state " + file + ": " + key + " '" + v
                    + "' is not a commit id (40 hex digits) (move the file away to start afresh)");
        }
        return Optional.of(v.trim());
    }

    private static Optional<Instant> instant(Path file, Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(Instant.parse(v.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the watch state " + file + ": " + key + " '" + v
                    + "' is not an ISO-8601 instant such as 2025-01-05T03:17:00Z (move the file away to start afresh)", e);
        }
    }
}
