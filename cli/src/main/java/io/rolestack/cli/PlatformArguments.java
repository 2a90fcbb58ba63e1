package io.rolestack.cli;

import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.Limit;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of every command that works on a platform's hosts: which hosts, how many at once, where the secrets are. */
final class PlatformArguments {
    @Option(names = "--limit", paramLabel = "HOST|ROLE[,...]", description = "Only these hosts or roles.")
    String limit;

    @Option(names = "--parallelism", paramLabel = "N", description = "Hosts at once (default ${DEFAULT-VALUE}).",
            defaultValue = "" + DeployOptions.DEFAULT_PARALLELISM)
    int parallelism;

    @Option(names = "--secrets", paramLabel = "DIR",
            description = "Where the MariaDB CA and passwords live (default ~/.config/rolestack/secrets/ENV).")
    Path secrets;

    Platform open(SpecFile spec, Output output) {
        return Platform.open(spec.load(), options(output));
    }

    PlatformOptions options(Output output) {
        return base(output, secrets).withLimit(limit == null ? Limit.all() : Limit.parse(limit)).withParallelism(parallelism);
    }

    /** Every host, default parallelism: what commands without --limit use. */
    static PlatformOptions base(Output output, Path secrets) {
        PlatformOptions o = PlatformOptions.defaults().withProgress(output.progress()).withEnvironment(Rolestack.environment());
        return secrets == null ? o : o.withSecrets(secrets);
    }
}
