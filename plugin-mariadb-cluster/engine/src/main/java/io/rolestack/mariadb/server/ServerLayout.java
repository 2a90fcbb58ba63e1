package io.rolestack.mariadb.server;

import java.util.Objects;

/**
 * Where a MariaDB server keeps what the engine manages, and how to reach and
 * restart it. {@link #debian()} is a Debian/Ubuntu package install; tests
 * describe servers they start themselves.
 *
 * @param configPath    the option file the engine owns (rendered whole)
 * @param sslDir        directory for CA bundle, server and replication-client certificates
 * @param clientOptions extra options for {@code mariadb}/{@code mariadb-dump} on the host, e.g. {@code --socket=...}; never secrets
 * @param port          the port other hosts replicate from
 * @param restartScript shell command restarting the server so it reads {@code configPath}
 * @param owner         the account the server runs as (owns keys, 0600)
 */
public record ServerLayout(String configPath, String sslDir, String clientOptions, int port, String restartScript, String owner) {
    public ServerLayout {
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(sslDir, "sslDir");
        Objects.requireNonNull(clientOptions, "clientOptions");
        Objects.requireNonNull(restartScript, "restartScript");
        Objects.requireNonNull(owner, "owner");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (!configPath.startsWith("/") || !sslDir.startsWith("/")) {
            throw new IllegalArgumentException("configPath and sslDir must be absolute: " + configPath + ", " + sslDir);
        }
    }

    /** Debian's mariadb-server: conf.d drop-in read after 50-server.cnf, {@code service mariadb restart} (with or without systemd). */
    public static ServerLayout debian() {
        return new ServerLayout("/etc/mysql/mariadb.conf.d/60-rolestack-replication.cnf", "/etc/mysql/ssl", "", 3306,
                "service mariadb restart", "mysql");
    }

    public String caBundlePath() {
        return sslDir + "/ca-bundle.pem";
    }

    public String serverCertPath() {
        return sslDir + "/server-cert.pem";
    }

    public String serverKeyPath() {
        return sslDir + "/server-key.pem";
    }

    public String clientCertPath() {
        return sslDir + "/replication-cert.pem";
    }

    public String clientKeyPath() {
        return sslDir + "/replication-key.pem";
    }
}
