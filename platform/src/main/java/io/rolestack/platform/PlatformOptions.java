package io.rolestack.platform;

import io.rolestack.core.events.Progress;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.Limit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a platform is driven, whatever the operation.
 *
 * @param limit       only these hosts or roles ({@link Limit#all()} for every host)
 * @param parallelism hosts worked on at once (1..{@value #MAX_PARALLELISM})
 * @param progress    per-host progress lines (console, Jenkins build log)
 * @param environment the process environment the provider reads credentials from ({@code OS_*}, {@code OS_CLOUD})
 * @param secrets     where the CA and passwords live (a directory, or what a Jenkins credentials binding fills);
 *                    empty: the default directory of the spec's environment ({@link FileSecretStore#defaultDir})
 */
public record PlatformOptions(Limit limit, int parallelism, Progress progress, Map<String, String> environment,
                              Optional<SecretStore> secrets) {
    public static final int MAX_PARALLELISM = 256;

    public PlatformOptions {
        Objects.requireNonNull(limit, "limit");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new InvalidRequestException("parallelism must be between 1 and " + MAX_PARALLELISM + ", was " + parallelism);
        }
        progress = progress == null ? Progress.NONE : progress;
        environment = Map.copyOf(environment);
        Objects.requireNonNull(secrets, "secrets");
    }

    /** Every host, default parallelism, no progress, this process's environment, default secrets. */
    public static PlatformOptions defaults() {
        return new PlatformOptions(Limit.all(), DeployOptions.DEFAULT_PARALLELISM, Progress.NONE, System.getenv(), Optional.empty());
    }

    public PlatformOptions withLimit(Limit l) {
        return new PlatformOptions(l, parallelism, progress, environment, secrets);
    }

    public PlatformOptions withParallelism(int n) {
        return new PlatformOptions(limit, n, progress, environment, secrets);
    }

    public PlatformOptions withProgress(Progress p) {
        return new PlatformOptions(limit, parallelism, p, environment, secrets);
    }

    public PlatformOptions withEnvironment(Map<String, String> env) {
        return new PlatformOptions(limit, parallelism, progress, env, secrets);
    }

    /** The file store in {@code dir} (created 0700 when missing). */
    public PlatformOptions withSecrets(Path dir) {
        return withSecrets(FileSecretStore.open(dir));
    }

    public PlatformOptions withSecrets(SecretStore store) {
        return new PlatformOptions(limit, parallelism, progress, environment, Optional.of(store));
    }
}
