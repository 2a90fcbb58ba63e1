package io.rolestack.mariadb.replication;

import io.rolestack.core.result.Result;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;
import io.rolestack.core.secrets.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The account replicas connect as: only {@code REPLICATION SLAVE} (all a
 * GTID replica needs to stream the binlog), and {@code REQUIRE SUBJECT}: the
 * server refuses it unless the connection is TLS with a client certificate
 * from a CA the server trusts <em>and</em> issued to this account (so a server
 * certificate from the same CA does not open it). The issuer is not pinned:
 * during a CA rotation both CAs' certificates must work. Created on the primary only; replicas get it
 * through replication (or the seeding copy), so it is there after a switchover.
 *
 * @param user     account name (host part {@code %}: the certificate is the gate)
 * @param password its password (a secret, sent on stdin only)
 */
public record ReplicationAccount(String user, Secret password) {
    public static final String DEFAULT_USER = "rolestack_repl";

    public ReplicationAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!user.matches("[A-Za-z0-9_]{1,32}")) throw new IllegalArgumentException("replication user name must be [A-Za-z0-9_]{1,32}: " + user);
    }

    /** Reads the account's grants on the primary and (re)creates it only when they differ. */
    public Result ensure(DbServer primary) {
        String op = "replication user " + user;
        SqlClient sql = primary.sql();
        String want = expectedGrant();
        String have = "";
        boolean exists = !sql.query("SELECT 1 FROM mysql.user WHERE User=" + SqlClient.literal(user) + " AND Host='%'").isEmpty();
        if (exists) {
            List<Map<String, String>> grants = sql.query("SHOW GRANTS FOR " + account());
            have = String.join("\n", grants.stream().map(r -> r.values().iterator().next()).toList());
            if (have.equals(want)) return Result.ok(primary.name(), op, "");
        }
        sql.executeWithSecret("CREATE OR REPLACE USER " + account() + " IDENTIFIED BY " + SqlClient.quoted(password.value())
                + " REQUIRE SUBJECT " + SqlClient.quoted(subject()) + ";\nGRANT REPLICATION SLAVE ON *.* TO " + account() + ";\n");
        return Result.changed(primary.name(), op, exists ? "grants or password updated" : "created",
                (have.isEmpty() ? "" : "-" + redact(have) + "\n") + "+" + redact(want) + "\n");
    }

    private String account() {
        return SqlClient.quoted(user) + "@'%'";
    }

    /** What {@code SHOW GRANTS} prints for the wanted account (mysql_native_password hash of the password). */
    String expectedGrant() {
        return "GRANT REPLICATION SLAVE ON *.* TO `" + user + "`@`%` IDENTIFIED BY PASSWORD '" + nativeHash(password.value())
                + "' REQUIRE SUBJECT '" + subject() + "'";
    }

    /** The subject of the client certificate the CA issues for {@code user} (OpenSSL one-line form). */
    String subject() {
        return "/O=rolestack/CN=" + user;
    }

    /** The password hash in grants is not shown either. */
    static String redact(String grant) {
        return grant.replaceAll("PASSWORD '[^']*'", "PASSWORD '<hash>'");
    }

    /** mysql_native_password: "*" + HEX(SHA1(SHA1(password))) (also the app account's, see clients.AppAccount). */
    public static String nativeHash(String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            return "*" + HexFormat.of().formatHex(sha1.digest(once)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
