package io.rolestack.mariadb.config;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Pool;
import io.rolestack.mariadb.server.ServerLayout;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The replication-relevant options of one server, rendered as the option file
 * the engine owns. Binary log in ROW format with GTIDs in strict mode, and
 * {@code log_slave_updates} so any replica can become primary with the full
 * history; replicas start read-only.
 *
 * @param serverId   unique in the cluster ({@link #serverId(Host, Pool)})
 * @param reportHost the name the server reports to its primary
 * @param bindAddress address to listen on (the private IP: replicas connect there)
 * @param readOnly   true on replicas
 * @param sslCa      CA bundle path on the host
 * @param sslCert    server certificate path
 * @param sslKey     server key path
 */
public record ServerConfig(long serverId, String reportHost, String bindAddress, boolean readOnly,
                           String sslCa, String sslCert, String sslKey) {
    public ServerConfig {
        if (serverId < 1 || serverId > 4294967295L) throw new IllegalArgumentException("server_id out of range: " + serverId);
        Objects.requireNonNull(reportHost, "reportHost");
        Objects.requireNonNull(bindAddress, "bindAddress");
    }

    public static ServerConfig of(Host host, Pool pool, ServerLayout layout, boolean readOnly) {
        return new ServerConfig(serverId(host, pool), host.fqdn(), host.privateIp(), readOnly,
                layout.caBundlePath(), layout.serverCertPath(), layout.serverKeyPath());
    }

    /**
     * The host's index when it identifies the host alone in the pool (masterdb1,
     * db2, db3 → 1, 2, 3), else a stable hash of the FQDN above 1000, so ids
     * never change when hosts are added or removed.
     */
    public static long serverId(Host host, Pool pool) {
        if (host.name().index().isPresent()) {
            int idx = host.name().index().getAsInt();
            Set<Integer> seen = new HashSet<>();
            boolean unique = true;
            for (Host h : pool.hosts()) {
                if (h.name().index().isPresent() && h.name().index().getAsInt() == idx && !seen.add(idx)) unique = false;
            }
            if (unique && idx >= 1 && idx <= 1000) return idx;
        }
        CRC32 crc = new CRC32();
        crc.update(host.fqdn().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return 1001 + crc.getValue() % (4294967295L - 1001);
    }

    public String render() {
        return """
                # Managed by rolestack (MariaDB replication): local edits are overwritten.
                [mariadbd]
                server_id                  = %d
                report_host                = %s
                bind_address               = %s
                log_bin                    = mariadb-bin
                relay_log                  = relay-bin
                binlog_format              = ROW
                log_slave_updates          = ON
                gtid_strict_mode           = ON
                sync_binlog                = 1
                binlog_expire_logs_seconds = 604800
                # the primary can then tell which replication links are encrypted (status)
                performance_schema         = ON
                ssl_ca                     = %s
                ssl_cert                   = %s
                ssl_key                    = %s
                read_only                  = %s
                """.formatted(serverId, reportHost, bindAddress, sslCa, sslCert, sslKey, readOnly ? "ON" : "OFF");
    }
}
