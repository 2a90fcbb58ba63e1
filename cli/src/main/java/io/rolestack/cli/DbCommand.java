package io.rolestack.cli;

import io.rolestack.core.result.RunSummary;
import io.rolestack.mariadb.status.ClusterStatus;
import io.rolestack.mariadb.switchover.SwitchoverResult;
import io.rolestack.platform.Platform;
import io.rolestack.platform.db.SwitchoverRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "db", description = "The MariaDB cluster of the spec's database: primary and replicas over TLS.",
        subcommands = {DbCommand.Replicate.class, DbCommand.Status.class, DbCommand.Switchover.class})
final class DbCommand {

    /** What every db command shares: the spec and the secrets directory. */
    abstract static class ClusterCommand implements Callable<Integer> {
        @Mixin
        SpecFile spec;
        @Mixin
        Output output;
        @Option(names = "--secrets", paramLabel = "DIR",
                description = "Where the CA key and passwords live (default ~/.config/rolestack/secrets/ENV).")
        Path secrets;

        abstract int run(Platform platform);

        @Override
        public Integer call() {
            return run(Platform.open(spec.load(), PlatformArguments.base(output, secrets)));
        }
    }

    @Command(name = "replicate", mixinStandardHelpOptions = true,
            description = "Sets up (or repairs) replication over TLS with our own CA: certificates, server config, "
                    + "replication account, seeding of empty replicas. Changes only what differs.")
    static final class Replicate extends ClusterCommand {
        @Override
        int run(Platform platform) {
            RunSummary summary = platform.replicate();
            return output.results(summary.results());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per server: role, IO/SQL threads, lag, GTID, last error, and whether each link is encrypted.")
    static final class Status extends ClusterCommand {
        @Override
        int run(Platform platform) {
            ClusterStatus st = platform.databaseStatus();
            if (output.json) output.out().println(Json.write(st));
            else output.out().print(st.table());
            output.out().flush();
            return st.healthy() ? 0 : Rolestack.FAILED;
        }
    }

    @Command(name = "switchover", mixinStandardHelpOptions = true,
            description = {"Makes a replica the primary, safely: writes blocked on the old primary, the target catches up "
                    + "to its GTID position (timeout → roll back), promote, repoint the others, unlock.",
                    "A failure at any step leaves a writable primary."})
    static final class Switchover extends ClusterCommand {
        @Option(names = "--to", paramLabel = "HOST", required = true, description = "The replica to promote.")
        String to;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "How long the target may take to catch up (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        int run(Platform platform) {
            SwitchoverResult r = platform.switchover(new SwitchoverRequest(to, Duration.ofSeconds(timeoutSeconds)));
            if (output.json) {
                output.out().println(Json.write(r));
            } else {
                output.out().printf("%s: %s → %s: %s%n", r.status().name().toLowerCase(), r.from(), r.to(), r.message());
                output.out().printf("primary is now %s (writes blocked %s)%n", r.primary(), r.writesBlocked());
            }
            output.out().flush();
            return r.succeeded() ? 0 : Rolestack.FAILED;
        }
    }
}
