package io.rolestack.core.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code from | to} where the two commands run on two hosts that cannot reach each other (or should not need an
 * account on each other): the first command's stdout flows through this machine into the second's stdin, over
 * both hosts' own sessions ({@link Remote#stream}). What is in flight is bounded by a fixed queue of chunks,
 * never the whole stream: a backup larger than the heap passes through a small one.
 *
 * <p>When the reading command ends early (failed), what the writing command still produces is dropped, so it is
 * not left blocked on a full SSH window; {@code onReaderEnded} is called first so the caller can stop it.
 */
public final class RemotePipe {
    /** What both commands did and how many bytes went through. */
    public record Outcome(ExecResult from, ExecResult to, long bytes) {
        public boolean ok() {
            return from.ok() && to.ok();
        }
    }

    /** 16 chunks of at most 64 KiB (what a stream pump reads at once): about 1 MiB in flight. */
    static final int CHUNKS = 16;
    private static final byte[] END = new byte[0];

    private RemotePipe() {
    }

    /**
     * Runs {@code fromCommand} on {@code from} and {@code toCommand} on {@code to}, the first's stdout piped into the
     * second's stdin; returns once both have ended. A session failure (timeout, lost connection) of either is thrown.
     *
     * @param onReaderEnded called when {@code toCommand} ended before the end of its input (it failed): a chance to
     *                      stop {@code fromCommand} instead of letting it run to its end for nothing; may be null
     */
    public static Outcome run(Remote from, Command fromCommand, Remote to, Command toCommand, Runnable onReaderEnded) {
        return run(from, fromCommand, to, toCommand, onReaderEnded, null);
    }

    /**
     * As {@link #run(Remote, Command, Remote, Command, Runnable)}, with {@code seen} (may be null) updated with every
     * byte {@code fromCommand} wrote, also those dropped after the reader ended: a checksum of the whole stream.
     */
    public static Outcome run(Remote from, Command fromCommand, Remote to, Command toCommand, Runnable onReaderEnded,
                              MessageDigest seen) {
        Chunks chunks = new Chunks(CHUNKS, seen);
        CompletableFuture<ExecResult> reader = new CompletableFuture<>();
        Thread readerThread = new Thread(() -> {
            try {
                reader.complete(to.stream(toCommand, chunks.source(), OutputStream.nullOutputStream()));
            } catch (RuntimeException e) {
                reader.completeExceptionally(e);
            } finally {
                boolean early = chunks.readerEnded();
                if (early && onReaderEnded != null) onReaderEnded.run();
            }
        }, "rolestack-pipe-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        ExecResult written;
        try {
            written = from.stream(fromCommand, null, chunks.sink());
        } catch (RemoteException e) {
            // Stopped by onReaderEnded (a killed command has no exit status over SSH): the reader's failure is the news.
            if (!chunks.readerEndedEarly()) throw e;
            written = new ExecResult(-1, "", "stopped after the reading side failed: " + e.getMessage(), java.time.Duration.ZERO);
        } finally {
            chunks.end(); // the reader sees the end of its input, also when the writer failed
        }
        try {
            return new Outcome(written, reader.join(), chunks.bytes());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /**
     * A bounded queue of copied chunks between a writer ({@link #sink}) and a reader ({@link #source}). Once the
     * reader has ended, writes are counted and dropped; a reader interrupted while waiting (an SSH input feeder
     * being stopped) gets an {@link InterruptedIOException}.
     */
    static final class Chunks {
        private final BlockingQueue<byte[]> queue;
        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean readerEnded;
        private volatile boolean ended;
        private volatile boolean readerEndedEarly;
        private final MessageDigest seen;

        Chunks(int capacity) {
            this(capacity, null);
        }

        Chunks(int capacity, MessageDigest seen) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.seen = seen;
        }

        long bytes() {
            return bytes.get();
        }

        /** The reader is gone; returns whether that was before the end of the stream. */
        boolean readerEnded() {
            readerEndedEarly = !ended;
            readerEnded = true;
            queue.clear(); // frees a writer waiting for room
            return readerEndedEarly;
        }

        boolean readerEndedEarly() {
            return readerEndedEarly;
        }

        /** The end of the stream (idempotent). */
        void end() {
            if (ended) return;
            ended = true;
            put(END);
        }

        private void put(byte[] chunk) {
            try {
                while (!readerEnded && !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    // the reader is slower: wait for room, unless it has gone
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        OutputStream sink() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (len == 0) return;
                    bytes.addAndGet(len);
                    if (seen != null) seen.update(b, off, len); // only the writer's thread calls this
                    if (readerEnded) return;
                    byte[] copy = new byte[len];
                    System.arraycopy(b, off, copy, 0, len);
                    put(copy);
                }
            };
        }

        InputStream source() {
            return new InputStream() {
                private byte[] current = new byte[0];
                private int pos;
                private boolean atEnd;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) return 0;
                    while (pos == current.length) {
                        if (atEnd) return -1;
                        try {
                            current = queue.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("stopped while waiting for the piped input");
                        }
                        pos = 0;
                        if (current == END) atEnd = true;
                    }
                    int n = Math.min(len, current.length - pos);
                    System.arraycopy(current, pos, b, off, n);
                    pos += n;
                    return n;
                }
            };
        }
    }
}
