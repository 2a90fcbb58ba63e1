package io.rolestack.jenkins.bridge;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.InvalidRequestException;
import io.rolestack.platform.PlatformOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A step's credentials as the engines take them, on the agent, for one run:
 * <ul>
 *   <li>the SSH key: a 0600 file in a 0700 folder of the workspace's {@code @tmp}
 *       (written with {@link AtomicFile}), put in the spec as {@code ssh.identity};</li>
 *   <li>a clouds.yaml: a 0600 file, named by {@code OS_CLIENT_CONFIG_FILE};
 *       a username/password: {@code OS_USERNAME} / {@code OS_PASSWORD};</li>
 *   <li>the platform's secrets: a read-only in-memory store.</li>
 * </ul>
 * {@link #close()} deletes the files. {@link #masker()} masks every value above.
 */
public final class AgentCredentials implements AutoCloseable {
    private final Path dir;
    private final Optional<Path> sshKey;
    private final Map<String, String> environment;
    private final Optional<SecretStore> secrets;
    private final Masker masker;

    private AgentCredentials(Path dir, Optional<Path> sshKey, Map<String, String> environment, Optional<SecretStore> secrets,
                             Masker masker) {
        this.dir = dir;
        this.sshKey = sshKey;
        this.environment = environment;
        this.secrets = secrets;
        this.masker = masker;
    }

    /**
     * Writes what needs a file under {@code tmpRoot} and builds the rest.
     *
     * @param environment the agent's environment, which the OpenStack entries are added to
     */
    public static AgentCredentials materialise(CallCredentials c, Path tmpRoot, Map<String, String> environment) {
        if (c.sshPassphrase() != null && !c.sshPassphrase().isEmpty()) {
            // The platform reads the key from ssh.identity without a passphrase (PlatformAccess takes SshIdentity.file(path)).
            throw new InvalidRequestException("sshCredentialsId: a key with a passphrase is not supported yet; "
                    + "use a deploy key without one (it never leaves the agent's @tmp folder, 0600, deleted after the step)");
        }
        List<String> masked = new ArrayList<>(c.values());
        Optional<SecretStore> store = Optional.empty();
        if (c.secretsArchive() != null) {
            Map<String, Secret> s = SecretsArchive.read(c.secretsCredential(), c.secretsArchive());
            s.values().forEach(v -> masked.add(v.value()));
            store = Optional.of(SecretsArchive.store(c.secretsCredential(), c.secretsArchive()));
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        boolean files = c.sshKeyPem() != null || c.cloudsYaml() != null;
        Path dir = files ? privateDir(tmpRoot) : null;
        try {
            Optional<Path> key = Optional.empty();
            if (c.sshKeyPem() != null) {
                Path k = dir.resolve("ssh-key");
                String pem = c.sshKeyPem().endsWith("\n") ? c.sshKeyPem() : c.sshKeyPem() + "\n";
                AtomicFile.write(k, pem, AtomicFile.PRIVATE);
                key = Optional.of(k);
            }
            if (c.cloudsYaml() != null) {
                Path y = dir.resolve("clouds.yaml");
                AtomicFile.write(y, c.cloudsYaml(), AtomicFile.PRIVATE);
                env.put("OS_CLIENT_CONFIG_FILE", y.toString());
            }
            if (c.osUsername() != null) {
                env.put("OS_USERNAME", c.osUsername());
                env.put("OS_PASSWORD", c.osPassword() == null ? "" : c.osPassword());
            }
            return new AgentCredentials(dir, key, env, store, Masker.of(masked));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The spec with the credential's key as {@code ssh.identity} (local hosts use their own key and ignore it). */
    public PlatformSpec applyTo(PlatformSpec spec) {
        if (sshKey.isEmpty()) return spec;
        PlatformSpec.Ssh ssh = spec.ssh();
        return new PlatformSpec(spec.source(), spec.environment(), spec.domain(), spec.naming(), spec.provider(), spec.jump(),
                spec.hosts(), spec.roles(), spec.apps(), spec.database(), spec.health(), spec.patching(), spec.backups(),
                new PlatformSpec.Ssh(ssh.user(), sshKey, ssh.knownHosts(), ssh.trustOnFirstUse()));
    }

    /** {@code options} with the OpenStack environment and, when given, the secrets store. */
    public PlatformOptions applyTo(PlatformOptions options) {
        PlatformOptions o = options.withEnvironment(environment);
        return secrets.map(o::withSecrets).orElse(o);
    }

    public Masker masker() {
        return masker;
    }

    public Optional<Path> sshKeyFile() {
        return sshKey;
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static Path privateDir(Path tmpRoot) {
        try {
            Files.createDirectories(tmpRoot);
            return Files.createTempDirectory(tmpRoot, "rolestack-credentials-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private folder in " + tmpRoot + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the credentials folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
