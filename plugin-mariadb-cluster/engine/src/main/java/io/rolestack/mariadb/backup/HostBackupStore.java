package io.rolestack.mariadb.backup;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.HostFileLock;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemotePipe;
import io.rolestack.core.remote.Shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link BackupStore} in a directory of a {@code backup} host, reached like every host (SSH through the jump
 * host), owned by root and private to it. Same layout and promises as {@link DirectoryBackupStore}: written under
 * {@code .partial-ID}, synced ({@code sync FILE}), renamed into place; metadata replaced atomically
 * ({@link Remote#upload}). Data flows from the db host through this machine to the backup host
 * ({@link RemotePipe}: about 1 MiB in flight), its sha256 computed on the way; the two hosts need no account on each
 * other. The run's lock is a {@link HostFileLock} on the backup host, so runs from different machines take turns.
 */
public final class HostBackupStore implements BackupStore {
    /** Longest a run may hold the lock: a backup (6 h) and its restore test (6 h). */
    static final Duration MAX_RUN = BackupTaker.BACKUP_TIMEOUT.plus(BackupVerifier.RESTORE_TIMEOUT).plusHours(1);
    private static final String LOCK = ".rolestack-backups.lock";
    /** Printed in place of a backup.json that is missing, so list() tells it from an empty one. */
    private static final String NO_METADATA = "\u0001";
    private static final int NO_SUCH_BACKUP = 3;

    private final Remote host;
    private final String dir;

    /** @param dir an absolute directory on {@code host}, created (0700, root) by the first backup */
    public HostBackupStore(Remote host, String dir) {
        if (!dir.startsWith("/") || dir.contains("\0")) throw new IllegalArgumentException("backup dir on " + host.host() + " must be absolute: " + dir);
        this.host = host;
        this.dir = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    @Override
    public String location() {
        return host.host() + ":" + dir;
    }

    private String path(String name) {
        return dir + "/" + name;
    }

    private String q(String name) {
        return Shell.quote(path(name));
    }

    @Override
    public long freeBytes() {
        return Room.freeOnHost(host, dir);
    }

    @Override
    public List<StoredBackup> list() {
        // One round trip: every backup directory's name and its backup.json, NUL-separated (JSON has no NUL).
        String out = run("cd " + Shell.quote(dir) + " 2>/dev/null || exit 0; for d in *; do [ -d \"$d\" ] || continue;"
                + " printf '%s\\0' \"$d\"; if [ -f \"$d/" + StoredBackup.METADATA + "\" ]; then cat \"$d/" + StoredBackup.METADATA
                + "\"; else printf '\\001'; fi; printf '\\0'; done", "list backups").stdout();
        List<StoredBackup> backups = new ArrayList<>();
        String[] parts = out.split("\0", -1);
        for (int i = 0; i + 1 < parts.length; i += 2) backups.add(read(parts[i], parts[i + 1]));
        backups.sort(Comparator.comparing(StoredBackup::id)); // as the directory store: by id (time), whatever the host's locale
        return backups;
    }

    @Override
    public StoredBackup get(String id) {
        if (!StoredBackup.isId(id)) throw new BackupException("no backup '" + id + "' in " + location());
        ExecResult r = host.exec(Command.sudo("[ -d " + q(id) + " ] || exit " + NO_SUCH_BACKUP + "; cat " + q(id + "/" + StoredBackup.METADATA)
                + " 2>/dev/null || printf '\\001'"));
        if (r.exitCode() == NO_SUCH_BACKUP) throw new BackupException("no backup '" + id + "' in " + location());
        if (!r.ok()) throw failure("read backup " + id, r);
        return read(id, r.stdout());
    }

    private StoredBackup read(String id, String metadata) {
        Path p = Path.of(dir, id);
        String where = location() + "/" + id + "/" + StoredBackup.METADATA;
        if (metadata.equals(NO_METADATA)) return new StoredBackup(id, p, null, "cannot read " + where + ": no such file");
        return StoredBackup.parse(id, p, metadata, where);
    }

    @Override
    public boolean contains(String id) {
        return host.exec(Command.sudo("[ -e " + q(id) + " ]")).ok();
    }

    @Override
    public Partial begin(String id) {
        StoredBackup.checkNewId(id);
        String partial = PARTIAL + id;
        ExecResult r = host.exec(Command.sudo("mkdir -p -m 700 " + Shell.quote(dir) + " && { [ ! -e " + q(id) + " ] || exit " + NO_SUCH_BACKUP
                + "; } && rm -rf " + q(partial) + " && mkdir -m 700 " + q(partial)));
        if (r.exitCode() == NO_SUCH_BACKUP) throw new BackupException("backup " + id + " already exists in " + location());
        if (!r.ok()) throw failure("create a backup directory", r);
        return new HostPartial(id, partial);
    }

    private final class HostPartial implements Partial {
        private final String id;
        private final String partial;
        private boolean committed;

        private HostPartial(String id, String partial) {
            this.id = id;
            this.partial = partial;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Received receive(Remote from, Command command) {
            MessageDigest sha = BackupStore.digest();
            RemotePipe.Outcome o = RemotePipe.run(from, command, host,
                    Command.sudo("umask 077 && cat > " + q(partial + "/" + StoredBackup.DATA)).withTimeout(command.timeout()), null, sha);
            if (!o.to().ok()) throw failure("write " + partial + "/" + StoredBackup.DATA, o.to());
            return new Received(o.from(), o.bytes(), HexFormat.of().formatHex(sha.digest()));
        }

        @Override
        public StoredBackup commit(BackupMetadata metadata) {
            host.upload(metadata.toJson().getBytes(StandardCharsets.UTF_8), path(partial + "/" + StoredBackup.METADATA), FileMode.ROOT_600);
            run("sync " + q(partial + "/" + StoredBackup.DATA) + " && mv -T " + q(partial) + " " + q(id) + " && sync " + Shell.quote(dir),
                    "store backup " + id);
            committed = true;
            return get(id);
        }

        @Override
        public void close() {
            if (committed) return;
            try {
                host.exec(Command.sudo("rm -rf " + q(partial)));
            } catch (io.rolestack.core.remote.RemoteException e) {
                // the run's own failure is the news; the next prune removes the leftover
            }
        }
    }

    @Override
    public StoredBackup update(StoredBackup b, BackupMetadata metadata) {
        host.upload(metadata.toJson().getBytes(StandardCharsets.UTF_8), path(b.id() + "/" + StoredBackup.METADATA), FileMode.ROOT_600);
        return get(b.id());
    }

    @Override
    public void delete(StoredBackup b) {
        String gone = DELETING + b.id();
        run("rm -rf " + q(gone) + " && mv -T " + q(b.id()) + " " + q(gone) + " && rm -rf " + q(gone), "delete backup " + b.id());
    }

    @Override
    public List<String> leftovers() {
        String out = run("cd " + Shell.quote(dir) + " 2>/dev/null || exit 0; for d in " + PARTIAL + "* "
                + DELETING + "*; do [ ! -e \"$d\" ] || echo \"$d\"; done", "list leftovers").stdout();
        return out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    @Override
    public void deleteLeftover(String name) {
        if (!BackupStore.isLeftover(name)) throw new IllegalArgumentException(name);
        run("rm -rf " + q(name), "remove " + name);
    }

    @Override
    public String sha256(StoredBackup b) {
        String out = run("sha256sum < " + q(b.id() + "/" + StoredBackup.DATA), "hash backup " + b.id()).stdout().strip();
        return out.split("\\s+", 2)[0];
    }

    @Override
    public Sent send(StoredBackup b, Remote to, Command command) {
        MessageDigest sha = BackupStore.digest();
        RemotePipe.Outcome o = RemotePipe.run(host, Command.sudo("cat " + q(b.id() + "/" + StoredBackup.DATA)).withTimeout(command.timeout()),
                to, command, null, sha);
        if (!o.from().ok()) throw failure("read backup " + b.id(), o.from());
        return new Sent(o.to(), HexFormat.of().formatHex(sha.digest()));
    }

    @Override
    public Lock lock() {
        run("mkdir -p -m 700 " + Shell.quote(dir), "create " + dir);
        HostFileLock held = HostFileLock.tryAcquire(host, path(LOCK), MAX_RUN).orElseThrow(() -> new BackupException(
                "another rolestack backup run is using " + location() + " (it holds " + path(LOCK) + " on " + host.host() + ")"));
        return held::close;
    }

    private ExecResult run(String script, String what) {
        ExecResult r = host.exec(Command.sudo(script));
        if (!r.ok()) throw failure(what, r);
        return r;
    }

    private BackupException failure(String what, ExecResult r) {
        return new BackupException(location() + ": cannot " + what + " (exit " + r.exitCode() + "): " + r.stderr().strip());
    }
}
