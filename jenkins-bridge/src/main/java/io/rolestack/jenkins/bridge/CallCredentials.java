package io.rolestack.jenkins.bridge;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The secrets a step's credentials hold, as plain values, on their way to the
 * agent (over the remoting channel, never through the Pipeline program or a
 * file on the controller). {@link #toString()} shows which are present, never
 * their values; {@link #values()} is what the log masks.
 *
 * @param sshKeyPem         the SSH private key (OpenSSH or PEM text) of {@code sshCredentialsId}, or null
 * @param sshPassphrase     its passphrase, or null
 * @param cloudsYaml        the clouds.yaml of {@code openstackCredentialsId} (secret file), or null
 * @param osUsername        the OpenStack user of {@code openstackCredentialsId} (username/password), or null
 * @param osPassword        its password, or null
 * @param secretsArchive    the platform's secrets: a zip of the secrets directory ({@code secretsCredentialsId}), or null
 * @param secretsCredential the id of that credential, for messages
 */
public record CallCredentials(String sshKeyPem, String sshPassphrase, String cloudsYaml, String osUsername, String osPassword,
                              byte[] secretsArchive, String secretsCredential) implements Serializable {

    public static CallCredentials none() {
        return new CallCredentials(null, null, null, null, null, null, null);
    }

    public CallCredentials withSshKey(String pem, String passphrase) {
        return new CallCredentials(pem, passphrase, cloudsYaml, osUsername, osPassword, secretsArchive, secretsCredential);
    }

    public CallCredentials withCloudsYaml(String yaml) {
        return new CallCredentials(sshKeyPem, sshPassphrase, yaml, osUsername, osPassword, secretsArchive, secretsCredential);
    }

    public CallCredentials withOpenStackPassword(String username, String password) {
        return new CallCredentials(sshKeyPem, sshPassphrase, cloudsYaml, username, password, secretsArchive, secretsCredential);
    }

    public CallCredentials withSecrets(String credentialId, byte[] zip) {
        return new CallCredentials(sshKeyPem, sshPassphrase, cloudsYaml, osUsername, osPassword,
                zip == null ? null : zip.clone(), credentialId);
    }

    /** The secret strings held here (not the archive's content: {@link AgentCredentials} adds those). */
    public List<String> values() {
        List<String> out = new ArrayList<>();
        for (String s : new String[] {sshKeyPem, sshPassphrase, cloudsYaml, osPassword}) {
            if (s != null && !s.isEmpty()) out.add(s);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallCredentials c && java.util.Objects.equals(sshKeyPem, c.sshKeyPem)
                && java.util.Objects.equals(sshPassphrase, c.sshPassphrase) && java.util.Objects.equals(cloudsYaml, c.cloudsYaml)
                && java.util.Objects.equals(osUsername, c.osUsername) && java.util.Objects.equals(osPassword, c.osPassword)
                && Arrays.equals(secretsArchive, c.secretsArchive) && java.util.Objects.equals(secretsCredential, c.secretsCredential);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sshKeyPem, cloudsYaml, osUsername, secretsCredential) * 31 + Arrays.hashCode(secretsArchive);
    }

    @Override
    public String toString() {
        return "CallCredentials[sshKey=" + (sshKeyPem != null) + ", cloudsYaml=" + (cloudsYaml != null)
                + ", openstackUser=" + (osUsername != null) + ", secrets=" + (secretsArchive != null ? secretsCredential : "none") + "]";
    }
}
