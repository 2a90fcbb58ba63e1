package io.rolestack.vm.openstack;

import io.rolestack.core.naming.HostName;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The cloud-init user data a server boots with: its hostname and fqdn, and a
 * deploy user whose only way in is the deploy public key (no password).
 */
public final class UserData {
    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)"
                    + " [A-Za-z0-9+/=]+( [\\x21-\\x7e ]*)?");

    private UserData() {
    }

    /**
     * The #cloud-config document for one host: hostname, fqdn, and {@code user}
     * able to log in with {@code deployPublicKey} only (a new sudo account, or
     * root itself when the spec's ssh.user is root).
     */
    public static String render(HostName host, String user, String deployPublicKey) {
        return render(host, user, deployPublicKey, null);
    }

    /**
     * As {@link #render(HostName, String, String)}, and when {@code hostKeys} is given, cloud-init's
     * {@code ssh_keys}: the server's sshd uses exactly these host keys (the image's are deleted,
     * none are generated), so they can be pinned in known_hosts before the first connection.
     */
    public static String render(HostName host, String user, String deployPublicKey, SshHostKeys hostKeys) {
        String key = deployPublicKey == null ? "" : deployPublicKey.trim();
        if (!PUBLIC_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("deploy public key for " + host.fqdn()
                    + " is not one OpenSSH public key line (ssh-ed25519 AAAA... comment)");
        }
        StringBuilder y = new StringBuilder("#cloud-config\n")
                .append("hostname: ").append(host.shortName()).append('\n')
                .append("fqdn: ").append(host.fqdn()).append('\n')
                .append("prefer_fqdn_over_hostname: false\n")
                .append("manage_etc_hosts: true\n");
        if (user.equals("root")) y.append("disable_root: false\n");
        y.append("users:\n")
                .append("  - default\n")
                .append("  - name: ").append(user).append('\n');
        if (!user.equals("root")) {
            y.append("    shell: /bin/bash\n")
                    .append("    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n");
        }
        y.append("    lock_passwd: true\n")
                .append("    ssh_authorized_keys:\n")
                .append("      - ").append(yamlQuoted(key)).append('\n');
        if (hostKeys != null) {
            y.append("ssh_deletekeys: true\n")
                    .append("ssh_genkeytypes: []\n")
                    .append("ssh_keys:\n")
                    .append("  ed25519_private: |\n").append(indented(hostKeys.ed25519Private().value()))
                    .append("  ed25519_public: ").append(yamlQuoted(hostKeys.ed25519Public())).append('\n')
                    .append("  rsa_private: |\n").append(indented(hostKeys.rsaPrivate().value()))
                    .append("  rsa_public: ").append(yamlQuoted(hostKeys.rsaPublic())).append('\n');
        }
        return y.toString();
    }

    /** Nova wants user_data base64-encoded. */
    public static String base64(String userData) {
        return Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
    }

    private static String indented(String block) {
        StringBuilder b = new StringBuilder();
        block.strip().lines().forEach(l -> b.append("    ").append(l).append('\n'));
        return b.toString();
    }

    private static String yamlQuoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
