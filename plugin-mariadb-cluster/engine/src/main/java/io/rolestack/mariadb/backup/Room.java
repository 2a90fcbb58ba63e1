package io.rolestack.mariadb.backup;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;

import java.util.Locale;

/**
 * Free space, checked before a long write: a backup into its store, a restore test into a db host's scratch
 * directory. A full disk already fails a run cleanly (the partial backup or the scratch directory is removed);
 * this says so before hours of streaming, naming where, how much is free and what the estimate is based on.
 */
final class Room {
    /** Backups grow; a backup sized exactly like the last one would still fit. */
    static final int MARGIN_PERCENT = 10;

    private Room() {
    }

    static long withMargin(long bytes) {
        return bytes + bytes * MARGIN_PERCENT / 100;
    }

    /**
     * What {@code df} says is available to root's writes in {@code dir} (or its nearest existing parent) on a host.
     * Available, not free: ext4 keeps 5% for root, and the writers here run as root, but df's "avail" is what a
     * careful reader expects.
     */
    static long freeOnHost(Remote host, String dir) {
        String out = host.run(Command.sudo("d=" + Shell.quote(dir) + "; while [ ! -e \"$d\" ]; do d=$(dirname \"$d\"); done;"
                + " df -B1 --output=avail \"$d\" | tail -n 1")).stdout().strip();
        if (!out.matches("\\d+")) throw new BackupException(host.host() + ": cannot read the free space of " + dir + " (df said '" + out + "')");
        return Long.parseLong(out);
    }

    /**
     * Fails when {@code free} is below {@code needed}.
     *
     * @param what  {@code the backup of db2.production.wpdn}
     * @param where {@code backup1.production.wpdn:/var/backups/rolestack}
     * @param basis what {@code needed} comes from, for people: {@code its last backup stored 3.4 GiB}
     * @param fix   what to do about it
     */
    static void require(long free, long needed, String what, String where, String basis, String fix) {
        if (free >= needed) return;
        throw new BackupException("not enough room for " + what + " in " + where + ": " + bytes(free) + " free, about " + bytes(needed)
                + " needed (" + basis + ", + " + MARGIN_PERCENT + "%); nothing was written. " + fix);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
