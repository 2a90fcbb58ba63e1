package io.rolestack.jenkins.bridge;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A step's options as the Pipeline gave them (unset = null): plain, serializable
 * values that travel to the agent, where {@link Requests} turns them into typed
 * platform requests and checks them. No secrets here: those are {@link CallCredentials}.
 *
 * @param limit             {@code --limit}: hosts or roles, comma-separated
 * @param parallelism       {@code --parallelism}
 * @param hosts             vm create/delete/reboot: the hosts (empty: every host, create only)
 * @param command           exec: the command line (it is logged: no secrets in it)
 * @param timeoutSeconds    exec: per-host timeout; db switchover: how long the target may take to catch up
 * @param sudo              exec: as root through {@code sudo -n}
 * @param to                db switchover: the replica to promote; app rollback: the release to go back to
 * @param jsonFile          also write the returned value as JSON to this workspace-relative file (for archiveArtifacts)
 * @param unstableOnFailure a failure (exit code 1) marks the build unstable instead of failing the step; bad input (2) always fails
 * @param health            health: thresholds and the JUnit file
 * @param heal              heal: probes and reboot limits
 * @param patch             patch: dry run, timeouts and the JUnit file
 * @param backup            backup: the backup to verify, prune's dry run
 * @param app               app deploy/rollback/releases: the app and the health timeout
 */
public record CallArguments(String limit, Integer parallelism, List<String> hosts, String command, Integer timeoutSeconds,
                            boolean sudo, String to, String jsonFile, boolean unstableOnFailure, HealthArguments health,
                            HealArguments heal, PatchArguments patch, BackupArguments backup, AppArguments app)
        implements Serializable {
    public CallArguments {
        // An ArrayList, not List.copyOf: it crosses the remoting channel and Pipeline's own serialization.
        hosts = hosts == null ? new ArrayList<>() : new ArrayList<>(hosts);
        health = health == null ? HealthArguments.none() : health;
        heal = heal == null ? HealArguments.none() : heal;
        patch = patch == null ? PatchArguments.none() : patch;
        backup = backup == null ? BackupArguments.none() : backup;
        app = app == null ? AppArguments.none() : app;
    }

    /** No option set: every host, the defaults of each operation. */
    public static CallArguments none() {
        return new CallArguments(null, null, null, null, null, false, null, null, false, null, null, null, null, null);
    }

    public CallArguments withLimit(String l) {
        return new CallArguments(l, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withParallelism(Integer p) {
        return new CallArguments(limit, p, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withHosts(List<String> h) {
        return new CallArguments(limit, parallelism, h, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withCommand(String c) {
        return new CallArguments(limit, parallelism, hosts, c, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withTimeoutSeconds(Integer t) {
        return new CallArguments(limit, parallelism, hosts, command, t, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withSudo(boolean s) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, s, to, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withTo(String t) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, t, jsonFile, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withJsonFile(String f) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, f, unstableOnFailure, health, heal, patch, backup, app);
    }

    public CallArguments withUnstableOnFailure(boolean u) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, u, health, heal, patch, backup, app);
    }

    public CallArguments withHealth(HealthArguments h) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, h, heal, patch, backup, app);
    }

    public CallArguments withHeal(HealArguments h) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, h, patch, backup, app);
    }

    public CallArguments withPatch(PatchArguments p) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, p, backup, app);
    }

    public CallArguments withBackup(BackupArguments b) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, b, app);
    }

    public CallArguments withApp(AppArguments a) {
        return new CallArguments(limit, parallelism, hosts, command, timeoutSeconds, sudo, to, jsonFile, unstableOnFailure, health, heal, patch, backup, a);
    }
}
