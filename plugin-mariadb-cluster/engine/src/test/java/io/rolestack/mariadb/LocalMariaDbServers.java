package io.rolestack.mariadb;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Shell;
import io.rolestack.mariadb.server.ServerLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Real MariaDB servers (Debian's mariadbd) on 127.0.0.1 high ports, each with
 * its own datadir, socket and tmpdir under one temp dir, running as mysql.
 * The base option file includes a conf.d directory: that is where the engine
 * writes its option file, and the restart script is what the engine runs.
 */
final class LocalMariaDbServers implements AutoCloseable {
    record Server(String name, Path dir, int port) {
        Path socket() {
            return dir.resolve("sock");
        }

        String client() {
            return "mariadb --socket=" + socket();
        }
    }

    private final Path base;
    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final LocalRemote shell = new LocalRemote("test");

    /** Installs and starts one server per short name (in parallel), with no replication configured. */
    LocalMariaDbServers(List<String> shortNames) {
        try {
            base = Files.createTempDirectory("rolestack-mariadb-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String n : shortNames) servers.put(n, new Server(n, base.resolve(n), freePort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Server s : servers.values()) starts.add(CompletableFuture.runAsync(() -> install(s)));
            starts.forEach(CompletableFuture::join);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void install(Server s) {
        Path d = s.dir();
        String cnf = """
                [mariadbd]
                datadir     = %1$s/data
                socket      = %1$s/sock
                port        = %2$d
                pid_file    = %1$s/pid
                tmpdir      = %1$s/tmp
                log_error   = %1$s/error.log
                user        = mysql
                innodb_buffer_pool_size = 64M
                innodb_log_file_size    = 16M
                skip_name_resolve
                !includedir %1$s/conf.d
                """.formatted(d, s.port());
        String restart = """
                #!/bin/sh
                # stop (if running), start in the background, wait until it answers
                D=%1$s
                if [ -S $D/sock ]; then mariadb-admin --socket=$D/sock shutdown >/dev/null 2>&1; fi
                i=0; while [ -e $D/pid ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
                setsid mariadbd --defaults-file=$D/my.cnf </dev/null >>$D/stdout.log 2>&1 &
                i=0; until mariadb-admin --socket=$D/sock ping >/dev/null 2>&1; do
                  sleep 0.1; i=$((i+1)); [ $i -gt 600 ] && { tail -20 $D/error.log >&2; exit 1; }
                done
                exit 0
                """.formatted(d);
        shell.run("mkdir -p " + d + "/data " + d + "/tmp " + d + "/conf.d && chown -R mysql:mysql " + d
                + " && chmod 755 " + d);
        try {
            Files.writeString(d.resolve("my.cnf"), cnf);
            Files.writeString(d.resolve("restart.sh"), restart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shell.run("chmod 755 " + d + "/restart.sh");
        shell.run(Command.of("mariadb-install-db --defaults-file=" + d + "/my.cnf --user=mysql --skip-test-db"
                + " --auth-root-authentication-method=socket >" + d + "/install.log 2>&1 || { tail -30 " + d + "/install.log >&2; exit 1; }"));
        shell.run(d + "/restart.sh");
    }

    Server server(String shortName) {
        return servers.get(shortName);
    }

    /** The inventory host for a server: all on 127.0.0.1, told apart by port. */
    Host host(String shortName) {
        return Host.of(HostName.parse(shortName + ".test.wpdn"), "127.0.0.1");
    }

    List<Host> hosts() {
        return servers.keySet().stream().map(this::host).toList();
    }

    ServerLayout layout(Host h) {
        Server s = servers.get(h.shortName());
        return layoutOf(s.dir(), s.port());
    }

    /** The layout of a server started here, from its directory and port (also for a child JVM given only those). */
    static ServerLayout layoutOf(Path dir, int port) {
        return new ServerLayout(dir + "/conf.d/60-rolestack.cnf", dir + "/ssl", "--socket=" + dir.resolve("sock"), port,
                dir + "/restart.sh", "mysql");
    }

    /** Runs SQL as root on a server through the CLI (test setup and checks). */
    String sql(String shortName, String sql) {
        return shell.run(Command.of(server(shortName).client() + " --batch --skip-column-names").withStdin(sql)).stdout().strip();
    }

    String errorLog(String shortName) {
        return shell.exec(Command.of("tail -20 " + Shell.quote(server(shortName).dir() + "/error.log"))).stdout();
    }

    @Override
    public void close() {
        for (Server s : servers.values()) {
            shell.exec(Command.of("[ -f " + s.dir() + "/pid ] && kill -9 $(cat " + s.dir() + "/pid) 2>/dev/null; true"));
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
