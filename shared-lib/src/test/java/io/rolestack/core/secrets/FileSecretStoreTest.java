package io.rolestack.core.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSecretStoreTest {
    @TempDir
    Path tmp;

    @Test
    void keepsEachSecretInAPrivateFileOfAPrivateDirectory() throws Exception {
        FileSecretStore store = FileSecretStore.open(tmp.resolve("secrets/production"));
        store.write("replication.password", new Secret("pw"));
        store.createIfAbsent("ca.pem", () -> new Secret("CA"));

        assertThat(mode(store.dir())).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(store.dir())) {
            assertThat(files.toList()).hasSize(3).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
        assertThat(Files.readString(store.dir().resolve("replication.password"))).isEqualTo("pw");
        assertThat(store.read("ca.pem")).contains(new Secret("CA"));
        assertThat(store.read("other")).isEmpty();
        store.delete("ca.pem");
        assertThat(store.read("ca.pem")).isEmpty();
        assertThat(store.describe()).isEqualTo("file store " + store.dir());
        assertThat(store.howToRestore()).contains(store.dir().toString());
    }

    @Test
    void refusesADirectoryOthersCanReadAndNamesThatLeaveIt() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> FileSecretStore.open(open)).isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("chmod 700 " + open);

        FileSecretStore store = FileSecretStore.open(tmp.resolve("s"));
        for (String bad : List.of("../x", "a/b", ".lock", "", " x")) {
            assertThatThrownBy(() -> store.write(bad, new Secret("v"))).as(bad).hasMessageContaining("bad secret name");
        }
    }

    @Test
    void aWriteReplacesTheFileWholeNeverInPlace() throws Exception {
        FileSecretStore store = FileSecretStore.open(tmp.resolve("s"));
        store.write("key", new Secret("old content"));
        // A reader that opened the file before the write keeps reading the old file, whole.
        try (InputStream before = Files.newInputStream(store.dir().resolve("key"))) {
            store.write("key", new Secret("new content, longer than the old one"));
            assertThat(new String(before.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old content");
        }
        assertThat(store.read("key")).contains(new Secret("new content, longer than the old one"));
        try (Stream<Path> files = Files.list(store.dir())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("key");
        }
    }

    @Test
    void twoStoresOnOneDirectoryCreateOnce() throws Exception {
        Path dir = tmp.resolve("s");
        FileSecretStore a = FileSecretStore.open(dir);
        FileSecretStore b = FileSecretStore.open(dir);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger bothInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Secret>> results = new ArrayList<>();
            for (FileSecretStore store : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.createIfAbsent("ca.pem", () -> {
                        if (inside.incrementAndGet() > 1) bothInside.incrementAndGet();
                        created.incrementAndGet();
                        Secret s = new Secret(UUID.randomUUID().toString());
                        inside.decrementAndGet();
                        return s;
                    });
                }));
            }
            start.countDown();
            Secret first = results.get(0).get(30, TimeUnit.SECONDS);
            Secret second = results.get(1).get(30, TimeUnit.SECONDS);

            assertThat(created).hasValue(1);
            assertThat(bothInside).hasValue(0);
            assertThat(first).isEqualTo(second);
            assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(first.value());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyThreadsOnManyStoreInstancesCreateOneValue() throws Exception {
        Path dir = tmp.resolve("s");
        AtomicInteger created = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Secret>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                FileSecretStore store = FileSecretStore.open(dir);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.createIfAbsent("replication.password", () -> {
                        created.incrementAndGet();
                        return new Secret(UUID.randomUUID().toString());
                    });
                }));
            }
            start.countDown();
            List<Secret> values = new ArrayList<>();
            for (Future<Secret> f : results) values.add(f.get(30, TimeUnit.SECONDS));
            assertThat(created).hasValue(1);
            assertThat(values).containsOnly(values.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLockIsReentrantInOneThread() {
        FileSecretStore store = FileSecretStore.open(tmp.resolve("s"));
        String v = store.withLock(() -> store.createIfAbsent("x", () -> new Secret("1")).value());
        assertThat(v).isEqualTo("1");
    }

    @Test
    void anotherProcessHoldingTheLockKeepsThisOneOut() throws Exception {
        FileSecretStore store = FileSecretStore.open(tmp.resolve("s"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), store.dir().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = child.getOutputStream()) {
            assertThat(out.readLine()).isEqualTo("locked");
            try (FileChannel ch = FileChannel.open(store.dir().resolve(".lock"), StandardOpenOption.WRITE)) {
                try (FileLock l = ch.tryLock()) {
                    assertThat(l).as("lock free while another process holds it").isNull();
                }
                in.write('\n');
                in.flush();
                assertThat(out.readLine()).isEqualTo("released");
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            // Now this process takes it, and sees what the other one wrote under it.
            assertThat(store.createIfAbsent("ca.pem", () -> new Secret("mine"))).isEqualTo(new Secret("from the other process"));
        } finally {
            child.destroyForcibly();
        }
    }

    /** The other process: takes the lock, writes a secret, holds the lock until a line arrives on stdin. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            FileSecretStore store = FileSecretStore.open(Path.of(args[0]));
            store.withLock(() -> {
                store.write("ca.pem", new Secret("from the other process"));
                System.out.println("locked");
                System.out.flush();
                try {
                    System.in.read();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
            System.out.println("released");
            System.out.flush();
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
