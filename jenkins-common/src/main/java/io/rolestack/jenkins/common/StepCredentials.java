package io.rolestack.jenkins.common;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import io.rolestack.jenkins.bridge.CallCredentials;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * A step's credential ids, looked up in the context of the run (so folder and
 * parameter credentials work, and their use is tracked), as the bridge's
 * {@link CallCredentials}. Runs on the controller; the values go to the agent
 * over the channel only.
 */
public final class StepCredentials {
    private StepCredentials() {
    }

    public static CallCredentials of(RolestackStep step, Run<?, ?> run) throws IOException {
        CallCredentials c = CallCredentials.none();
        if (step.getSshCredentialsId() != null) {
            SSHUserPrivateKey key = find(step.getSshCredentialsId(), SSHUserPrivateKey.class, run, "sshCredentialsId",
                    "an SSH username with private key");
            if (key.getPrivateKeys().isEmpty()) throw new AbortException("sshCredentialsId '" + key.getId() + "' holds no private key");
            c = c.withSshKey(key.getPrivateKeys().get(0), plain(key.getPassphrase()));
        }
        if (step.getOpenstackCredentialsId() != null) {
            String id = step.getOpenstackCredentialsId();
            FileCredentials file = lookup(id, FileCredentials.class, run);
            if (file != null) {
                c = c.withCloudsYaml(new String(read(file), StandardCharsets.UTF_8));
            } else {
                StandardUsernamePasswordCredentials up = find(id, StandardUsernamePasswordCredentials.class, run,
                        "openstackCredentialsId", "a secret file (clouds.yaml) or a username with password");
                c = c.withOpenStackPassword(up.getUsername(), plain(up.getPassword()));
            }
        }
        if (step.getSecretsCredentialsId() != null) {
            FileCredentials secrets = find(step.getSecretsCredentialsId(), FileCredentials.class, run, "secretsCredentialsId",
                    "a secret file (a zip of the secrets directory)");
            c = c.withSecrets(secrets.getId(), read(secrets));
        }
        return c;
    }

    private static <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run, String argument, String what)
            throws AbortException {
        C c = lookup(id, type, run);
        if (c == null) {
            throw new AbortException(argument + ": no credential '" + id + "' of type " + what + " that this build may use");
        }
        return c;
    }

    private static <C extends IdCredentials> C lookup(String id, Class<C> type, Run<?, ?> run) {
        C c = CredentialsProvider.findCredentialById(id, type, run, Collections.<DomainRequirement>emptyList());
        return c == null ? null : CredentialsProvider.track(run, c);
    }

    private static byte[] read(FileCredentials file) throws IOException {
        try (InputStream in = file.getContent()) {
            return in.readAllBytes();
        }
    }

    private static String plain(Secret s) {
        return s == null ? null : Secret.toString(s);
    }
}
