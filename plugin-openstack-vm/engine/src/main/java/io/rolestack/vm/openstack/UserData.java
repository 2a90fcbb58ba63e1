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
    /** The account Rolestack logs in as on OpenStack servers. */
    public static final String DEPLOY_USER = "deploy";

    private static final Pattern PUBLIC_KEY = Pattern.compile(
            "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)"
                    + " [A-Za-z0-9+/=]+( [\\x21-\\x7e ]*)?");

    private UserData() {
    }

    /** The #cloud-config document for one host. */
    public static String render(HostName host, String deployPublicKey) {
        String key = deployPublicKey == null ? "" : deployPublicKey.trim();
        if (!PUBLIC_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("deploy public key for " + host.fqdn()
                    + " is not one OpenSSH public key line (ssh-ed25519 AAAA... comment)");
        }
        return "#cloud-config\n"
                + "hostname: " + host.shortName() + "\n"
                + "fqdn: " + host.fqdn() + "\n"
                + "prefer_fqdn_over_hostname: false\n"
                + "manage_etc_hosts: true\n"
                + "users:\n"
                + "  - default\n"
                + "  - name: " + DEPLOY_USER + "\n"
                + "    shell: /bin/bash\n"
                + "    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
                + "    lock_passwd: true\n"
                + "    ssh_authorized_keys:\n"
                + "      - " + yamlQuoted(key) + "\n";
    }

    /** Nova wants user_data base64-encoded. */
    public static String base64(String userData) {
        return Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
    }

    private static String yamlQuoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
