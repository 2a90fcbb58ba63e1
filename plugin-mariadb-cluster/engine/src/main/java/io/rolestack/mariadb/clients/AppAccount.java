package io.rolestack.mariadb.clients;

import io.rolestack.core.result.Result;
import io.rolestack.mariadb.replication.ReplicationAccount;
import io.rolestack.mariadb.server.DbServer;
import io.rolestack.mariadb.server.SqlClient;
import io.rolestack.core.secrets.Secret;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account apps connect as: one {@code user@'<ip>'} per app host
 * address (never {@code %}), {@code REQUIRE SSL}, every privilege on its own
 * database and nothing else. Created on the primary only; replicas get it
 * through replication, so it is there after a switchover. The app tier's
 * shared one is {@link #of} ({@code rolestack_app} on {@code app}); an app of
 * the spec with {@code database:} has its own, {@link #forApp}.
 *
 * <p>The password never travels: statements carry its
 * {@code mysql_native_password} hash ({@code IDENTIFIED BY PASSWORD '*…'}),
 * on the client's stdin, and neither appears in a result or an error.
 *
 * @param user     account name
 * @param database the only database it may use (created when missing, never dropped)
 * @param password its password (a secret)
 */
public record AppAccount(String user, String database, Secret password) {
    public static final String DEFAULT_USER = "rolestack_app";
    public static final String DEFAULT_DATABASE = "app";
    private static final String OP = "app db account";

    public AppAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(password, "password");
        if (!user.matches("[A-Za-z0-9_]{1,32}")) throw new IllegalArgumentException("app DB user name must be [A-Za-z0-9_]{1,32}: " + user);
        if (!database.matches("[A-Za-z0-9_]{1,64}")) throw new IllegalArgumentException("app database name must be [A-Za-z0-9_]{1,64}: " + database);
        if (password.value().isEmpty()) throw new IllegalArgumentException("app DB password for " + user + " is empty");
    }

    /** {@code rolestack_app} on database {@code app}. */
    public static AppAccount of(Secret password) {
        return new AppAccount(DEFAULT_USER, DEFAULT_DATABASE, password);
    }

    /** An app's own account on its own database (the spec's {@code apps[].database}). */
    public static AppAccount forApp(String user, String database, Secret password) {
        return new AppAccount(user, database, password);
    }

    /**
     * Makes the primary hold exactly one account per address in {@code clientIps}, with the
     * wanted grants and password: creates what is missing, re-creates what differs, drops the
     * accounts of addresses no longer given. Reads first: a converged server gets no statement.
     */
    public Result ensure(DbServer primary, List<String> clientIps) {
        Set<String> wanted = new TreeSet<>();
        for (String ip : clientIps) wanted.add(checkedIp(ip));
        SqlClient sql = primary.sql();
        boolean dbExists = sql.value("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME=" + SqlClient.literal(database)).isPresent();
        Set<String> existing = new TreeSet<>();
        for (Map<String, String> r : sql.query("SELECT Host FROM mysql.user WHERE User=" + SqlClient.literal(user))) existing.add(r.get("Host"));
        Set<String> create = new TreeSet<>();
        Set<String> replace = new TreeSet<>();
        for (String ip : wanted) {
            if (!existing.contains(ip)) {
                create.add(ip);
            } else if (!grants(sql, ip).equals(expectedGrants(ip))) {
                replace.add(ip);
            }
        }
        Set<String> drop = new TreeSet<>(existing);
        drop.removeAll(wanted);
        if (dbExists && create.isEmpty() && replace.isEmpty() && drop.isEmpty()) {
            return Result.ok(primary.name(), OP, user + "@" + wanted + " on " + database);
        }
        sql.executeWithSecret(statements(!dbExists, create, replace, drop));
        StringBuilder diff = new StringBuilder();
        if (!dbExists) diff.append("+database ").append(database).append('\n');
        for (String ip : drop) diff.append('-').append(describe(ip)).append('\n');
        for (String ip : replace) diff.append('~').append(describe(ip)).append(" (grants or password updated)\n");
        for (String ip : create) diff.append('+').append(describe(ip)).append('\n');
        List<String> what = new ArrayList<>();
        if (!create.isEmpty()) what.add("created for " + create);
        if (!replace.isEmpty()) what.add("updated for " + replace);
        if (!drop.isEmpty()) what.add("dropped for " + drop);
        if (!dbExists) what.add("database " + database + " created");
        return Result.changed(primary.name(), OP, user + ": " + String.join(", ", what), diff.toString());
    }

    private Set<String> grants(SqlClient sql, String ip) {
        Set<String> have = new TreeSet<>();
        for (Map<String, String> r : sql.query("SHOW GRANTS FOR " + account(ip))) have.add(r.values().iterator().next());
        return have;
    }

    /** The script that brings the server to the wanted accounts (holds the password hash: send with executeWithSecret). */
    String statements(boolean createDatabase, Set<String> create, Set<String> replace, Set<String> drop) {
        StringBuilder s = new StringBuilder();
        if (createDatabase) s.append("CREATE DATABASE IF NOT EXISTS `").append(database).append("`;\n");
        for (String ip : drop) s.append("DROP USER IF EXISTS ").append(account(ip)).append(";\n");
        Set<String> make = new LinkedHashSet<>(replace);
        make.addAll(create);
        for (String ip : make) {
            s.append("CREATE OR REPLACE USER ").append(account(ip)).append(" IDENTIFIED BY PASSWORD ")
                    .append(SqlClient.quoted(ReplicationAccount.nativeHash(password.value()))).append(" REQUIRE SSL;\n");
            s.append("GRANT ALL PRIVILEGES ON `").append(grantPattern()).append("`.* TO ").append(account(ip)).append(";\n");
        }
        return s.toString();
    }

    /** What {@code SHOW GRANTS} prints for the wanted account at {@code ip}. */
    Set<String> expectedGrants(String ip) {
        return Set.of(
                "GRANT USAGE ON *.* TO `" + user + "`@`" + ip + "` IDENTIFIED BY PASSWORD '" + ReplicationAccount.nativeHash(password.value()) + "' REQUIRE SSL",
                "GRANT ALL PRIVILEGES ON `" + grantPattern() + "`.* TO `" + user + "`@`" + ip + "`");
    }

    /**
     * The database as a GRANT names it: there {@code _} is a wildcard (one character), so {@code my_wp} would also
     * grant {@code myxwp}, another app's database; escaped, it is this one only. SHOW GRANTS prints it so too.
     */
    String grantPattern() {
        return database.replace("_", "\\_");
    }

    private String account(String ip) {
        return SqlClient.quoted(user) + "@" + SqlClient.quoted(ip);
    }

    private String describe(String ip) {
        return user + "@" + ip + " REQUIRE SSL, ALL ON " + database + ".*";
    }

    /**
     * An IPv4 or IPv6 literal, as MariaDB matches it (the servers run with
     * skip_name_resolve): no names, no wildcards, no netmasks.
     */
    static String checkedIp(String ip) {
        if (ip == null || !ip.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("app host address must be an IP address (no name, wildcard or netmask): " + ip);
        }
        try {
            InetAddress.getByName(ip); // a literal: parsed, never resolved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("app host address is not a valid IP address: " + ip);
        }
        if (ip.indexOf('.') > 0 && !ip.contains(":")) {
            for (String part : ip.split("\\.")) {
                if (Integer.parseInt(part) > 255) throw new IllegalArgumentException("app host address is not a valid IP address: " + ip);
            }
        }
        return ip.toLowerCase(Locale.ROOT);
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "AppAccount[" + user + " on " + database + "]";
    }
}
