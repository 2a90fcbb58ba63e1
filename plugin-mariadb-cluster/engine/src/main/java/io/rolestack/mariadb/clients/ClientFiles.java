package io.rolestack.mariadb.clients;

import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.core.ops.Directory;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.ops.TemplateFile;
import io.rolestack.core.ops.OperationRun;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The files an app host reads at request time to reach the database primary
 * (the app role's {@code rolestack-health.php} and the apps): {@code db-app.ini}
 * (host, port, user, database, password, CA path; {@code root:<group> 0640},
 * never in a diff) and {@code db-ca.pem} (the CA bundle the servers' certificates
 * are checked against). Written through the file operation (changed only when
 * different), so pointing the apps at a new primary is re-writing them.
 *
 * <p>The app tier's shared account has {@code db-app.ini} ({@link #standard()}); an app with a database of
 * its own has {@code db-app-APP.ini} ({@link #forApp}), beside it, with the same CA bundle.
 *
 * @param dir     where they go ({@code /etc/rolestack}, the app role's directory)
 * @param group   the group the PHP workers run as ({@code www-data}): may read the ini
 * @param iniName the ini's file name in {@code dir}
 */
public record ClientFiles(String dir, String group, String iniName) {
    /** What results and errors name as the owner of these files. */
    public static final String OWNER = "mariadb";

    public ClientFiles {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(group, "group");
        if (!dir.startsWith("/") || dir.endsWith("/")) throw new IllegalArgumentException("client files dir must be absolute, no trailing /: " + dir);
        if (!group.matches("[a-z_][a-z0-9_-]{0,31}")) throw new IllegalArgumentException("client files group is not a group name: " + group);
        Objects.requireNonNull(iniName, "iniName");
        if (!iniName.matches("db-app[a-z0-9_-]*\\.ini")) throw new IllegalArgumentException("client ini name must be db-app*.ini: " + iniName);
    }

    /** {@code db-app.ini} in {@code dir}. */
    public ClientFiles(String dir, String group) {
        this(dir, group, SHARED_INI);
    }

    public static final String SHARED_INI = "db-app.ini";

    /** {@code /etc/rolestack/db-app.ini}, readable by {@code www-data} (php-fpm's pool user). */
    public static ClientFiles standard() {
        return new ClientFiles("/etc/rolestack", "www-data");
    }

    /**
     * The same place, the ini of one app's own database: {@code db-app-APP.ini} (never {@code db-app.ini}, whatever
     * the app is called: an app named {@code app} must not overwrite the shared one).
     */
    public ClientFiles forApp(String app) {
        if (!app.matches("[a-z0-9][a-z0-9_-]*")) throw new IllegalArgumentException("not an app name: " + app);
        return new ClientFiles(dir, group, "db-app-" + app + ".ini");
    }

    public String iniPath() {
        return dir + "/" + iniName;
    }

    public String caPath() {
        return dir + "/db-ca.pem";
    }

    /**
     * The ini for PHP's {@code parse_ini_file(path, true)}: section {@code [database]}. The password is
     * base64 ({@code password_base64}) so that no character of it can be read as ini syntax or as a
     * {@code ${variable}}.
     */
    public String ini(Host primary, int port, AppAccount account) {
        String pw = Base64.getEncoder().encodeToString(account.password().value().getBytes(StandardCharsets.UTF_8));
        return """
                ; Managed by rolestack (MariaDB engine): how %s on this host reach database %s on the
                ; primary of %s. Re-written when the primary moves (switchover); do not edit.
                ; PHP: $db = parse_ini_file('%s', true)['database'];
                ;      mysqli over TLS (MYSQLI_CLIENT_SSL, CA = ca, server certificate verified), password = base64_decode(password_base64)
                [database]
                host = "%s"
                host_name = "%s"
                port = %d
                user = "%s"
                database = "%s"
                password_base64 = "%s"
                ca = "%s"
                """.formatted(iniName.equals(SHARED_INI) ? "the apps" : "the app of " + iniName, account.database(),
                primary.name().environment(), iniPath(), primary.privateIp(), primary.fqdn(), port,
                account.user(), account.database(), pw, caPath());
    }

    /** The directory (as the app role has it), the CA bundle, then the ini (a secret: compared by digest only). */
    public List<Operation> operations(Host primary, int port, AppAccount account, String caBundlePem) {
        return List.of(
                new Directory(OWNER, dir, FileMode.ROOT_755),
                new TemplateFile(OWNER, caPath(), caBundlePem, FileMode.ROOT_644, List.of(), false),
                new TemplateFile(OWNER, iniPath(), ini(primary, port, account), new FileMode("root", group, 0640), List.of(), true));
    }

    /** Writes the files on one app host in one fact round trip; a failing session is one failed result. */
    public List<Result> write(Remote remote, String appHost, Host primary, int port, AppAccount account, String caBundlePem) {
        try {
            return OperationRun.apply(remote, appHost, operations(primary, port, account, caBundlePem));
        } catch (RuntimeException e) {
            return List.of(Result.failed(appHost, "db client files", e.getMessage()));
        }
    }
}
