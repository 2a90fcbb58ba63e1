package io.rolestack.core.files;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.remote.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Small private files under one directory, of this machine or of a host: read, written atomically (0600, parents
 * 0700), deleted. For records that must live beside backups wherever the backups are kept.
 */
public interface PrivateFiles {
    /** The directory, for messages: {@code /var/backups/x} or {@code backup1:/var/backups/x}. */
    String location();

    /** The file's content; empty when it does not exist. */
    Optional<byte[]> read(String relative);

    void write(String relative, byte[] content);

    /** Removes the file if it exists. */
    void delete(String relative);

    static PrivateFiles local(Path dir) {
        return new Local(dir);
    }

    static PrivateFiles on(Remote host, String dir) {
        return new OnHost(host, dir);
    }

    /** A directory of this machine, owned by the user running rolestack. */
    record Local(Path dir) implements PrivateFiles {
        @Override
        public String location() {
            return dir.toString();
        }

        @Override
        public Optional<byte[]> read(String relative) {
            try {
                return Optional.of(Files.readAllBytes(dir.resolve(relative)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(relative) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void write(String relative, byte[] content) {
            Path f = dir.resolve(relative);
            try {
                Files.createDirectories(f.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + f.getParent() + ": " + e.getMessage(), e);
            }
            AtomicFile.write(f, content, AtomicFile.PRIVATE);
        }

        @Override
        public void delete(String relative) {
            try {
                Files.deleteIfExists(dir.resolve(relative));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir.resolve(relative) + ": " + e.getMessage(), e);
            }
        }
    }

    /** A directory of a host, owned by root (commands as root, files written with {@link Remote#upload}). */
    record OnHost(Remote host, String dir) implements PrivateFiles {
        private static final int MISSING = 3;

        @Override
        public String location() {
            return host.host() + ":" + dir;
        }

        private String path(String relative) {
            return dir + "/" + relative;
        }

        @Override
        public Optional<byte[]> read(String relative) {
            String f = Shell.quote(path(relative));
            ExecResult r = host.exec(Command.sudo("[ -f " + f + " ] || exit " + MISSING + "; cat " + f));
            if (r.exitCode() == MISSING) return Optional.empty();
            if (!r.ok()) throw new RemoteException(host.host(), "cannot read " + path(relative) + ": " + r.stderr().strip());
            return Optional.of(r.stdout().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(String relative, byte[] content) {
            String parent = path(relative).substring(0, path(relative).lastIndexOf('/'));
            host.run(Command.sudo("mkdir -p -m 700 " + Shell.quote(parent)));
            host.upload(content, path(relative), FileMode.ROOT_600);
        }

        @Override
        public void delete(String relative) {
            host.run(Command.sudo("rm -f " + Shell.quote(path(relative))));
        }
    }
}
