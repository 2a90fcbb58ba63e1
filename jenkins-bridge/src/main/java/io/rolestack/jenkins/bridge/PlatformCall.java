package io.rolestack.jenkins.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecException;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.patch.PatchRequest;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.app.AppRequest;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One step's platform operation, as it travels to the agent and runs there (the
 * agent, not the controller, reaches OpenStack and the jump host). The Jenkins
 * side wraps it in a {@code MasterToSlaveCallable} and calls it through the
 * workspace's channel; everything it does is here, in plain Java:
 * <ol>
 *   <li>the arguments are checked ({@link Requests}), the spec is loaded from the workspace;</li>
 *   <li>the credentials become files, environment entries and a secret store ({@link AgentCredentials});</li>
 *   <li>the same {@link Platform} call as the CLI runs, its progress going to the build log as it happens, masked;</li>
 *   <li>the result becomes a plain value and a {@link Verdict} by the CLI's exit-code contract
 *       (a spec error or a refused request = 2, nothing touched; any other failure = 1).</li>
 * </ol>
 * The credential files are deleted before it returns, whatever happened.
 */
public final class PlatformCall implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Operation operation;
    private final String spec;
    private final CallArguments arguments;
    private final CallCredentials credentials;

    public PlatformCall(Operation operation, String spec, CallArguments arguments, CallCredentials credentials) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.spec = spec;
        this.arguments = Objects.requireNonNull(arguments, "arguments");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    public Operation operation() {
        return operation;
    }

    /**
     * Runs on the agent.
     *
     * @param workspace   the build's workspace on the agent (the spec is relative to it; credential files go to its {@code @tmp})
     * @param environment the agent's environment for this build (OS_* and OS_CLOUD may come from it)
     * @param log         the build log, one line per call
     * @return {@link StepOutcome#toMap()}: plain JDK values only
     */
    public Map<String, Object> run(Path workspace, Map<String, String> environment, Consumer<String> log) {
        return execute(workspace, environment, log).toMap();
    }

    /** {@link #run}, typed. */
    public StepOutcome execute(Path workspace, Map<String, String> environment, Consumer<String> log) {
        Masker masker = Masker.of(credentials.values());
        LogProgress progress = new LogProgress(log, masker);
        Requests requests = new Requests(operation, arguments);
        Path tmp = workspace.resolveSibling(workspace.getFileName() + "@tmp");
        Optional<Path> json = Optional.empty();
        try {
            json = requests.jsonFile(workspace);
            Path specFile = Requests.spec(operation, workspace, spec);
            Optional<Path> junit = requests.junitFile(workspace);
            if (junit.isPresent()) removeStaleReport(junit.get(), specFile, json);
            // As the CLI: heal's numbers and durations, the app's arguments are checked before any credential or platform is opened.
            if (operation == Operation.HEAL) requests.heal();
            if (operation == Operation.APP_DEPLOY || operation == Operation.APP_ROLLBACK || operation == Operation.APP_RELEASES) requests.app();
            PlatformOptions base = requests.options(PlatformOptions.defaults().withEnvironment(environment));
            try (AgentCredentials creds = AgentCredentials.materialise(credentials, tmp, environment)) {
                masker = creds.masker();
                progress = new LogProgress(log, masker);
                PlatformSpec loaded = creds.applyTo(SpecLoader.load(specFile));
                progress.line(operation.step() + ": " + operation.command() + " -f " + spec + describe(base));
                Platform platform = Platform.open(loaded, creds.applyTo(base).withProgress(progress));
                OperationRunner.Done done = new OperationRunner(platform, requests, progress, workspace, masker).run(operation);
                return finish(done.exitCode(), done.message(), done.value(), masker, progress, json, workspace);
            }
        } catch (SpecException | IllegalArgumentException e) {
            // Bad input (the CLI's exit code 2): the spec, an argument, a credential's content; nothing was touched.
            return finish(2, withoutStep(String.valueOf(e.getMessage())), new LinkedHashMap<>(), masker, progress, json, workspace);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return finish(1, withoutStep(message), new LinkedHashMap<>(), masker, progress, json, workspace);
        }
    }

    private StepOutcome finish(int exitCode, String message, Map<String, Object> value, Masker masker, LogProgress progress,
                               Optional<Path> json, Path workspace) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) PipelineValues.masked(value, masker);
        StepOutcome outcome = StepOutcome.of(exitCode, arguments.unstableOnFailure(), masker.mask(operation.step() + ": " + message), plain);
        PipelineValues.requirePlain(new LinkedHashMap<>(outcome.toMap()), operation.step());
        progress.line(outcome.message() + (exitCode == 0 ? "" : " (exit code " + exitCode + ")"));
        // Written whatever the outcome: a failed plan is what one wants to read in the archived file.
        json.ifPresent(f -> {
            AtomicFile.write(f, json(outcome.value()) + "\n", AtomicFile.PUBLIC);
            progress.line(operation.step() + ": wrote " + workspace.toAbsolutePath().normalize().relativize(f));
        });
        return outcome;
    }

    /**
     * A report left by an earlier build in a reused workspace would be read by the Pipeline's {@code junit}
     * step as this build's when this run ends before its report (bad input, no platform): it goes first.
     */
    private void removeStaleReport(Path junit, Path specFile, Optional<Path> json) {
        if (junit.equals(specFile) || json.filter(junit::equals).isPresent()) {
            throw Requests.refuse(operation, "junit", "'" + new Requests(operation, arguments).junitName() + "' is the "
                    + (junit.equals(specFile) ? "spec" : "jsonFile") + ": give the report a file of its own");
        }
        try {
            Files.deleteIfExists(junit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the previous report " + junit + ": " + e.getMessage(), e);
        }
    }

    /** Messages of {@link Requests} already name the step. */
    private String withoutStep(String message) {
        String prefix = operation.step() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private String describe(PlatformOptions o) {
        StringBuilder b = new StringBuilder();
        if (!o.limit().isAll()) b.append(" --limit ").append(String.join(",", o.limit().names()));
        if (List.of(Operation.PLAN, Operation.APPLY, Operation.EXEC, Operation.HEALTH, Operation.HEAL).contains(operation)) {
            b.append(" --parallelism ").append(o.parallelism());
        }
        if (operation == Operation.HEAL) {
            // The options as given (the CLI's defaults otherwise), so that the line can be typed as it is.
            HealArguments h = arguments.heal();
            option(b, "--attempts", h.attempts());
            option(b, "--every", h.every());
            option(b, "--max-reboots", h.maxReboots());
            option(b, "--min-interval", h.minInterval());
            option(b, "--probe-timeout", h.probeTimeout());
            option(b, "--back-timeout", h.backTimeout());
        }
        if (operation == Operation.PATCH) b.append(patchOptions(new Requests(operation, arguments).patch()));
        if (operation == Operation.BACKUP_VERIFY || operation == Operation.BACKUP_SEARCH_VERIFY) {
            new Requests(operation, arguments).backupId().ifPresent(id -> b.append(' ').append(id));
        }
        if ((operation == Operation.BACKUP_PRUNE || operation == Operation.BACKUP_SEARCH_PRUNE)
                && new Requests(operation, arguments).pruneDryRun()) {
            b.append(" --dry-run");
        }
        if (operation.step().equals("rolestackBackup")) {
            String junit = new Requests(operation, arguments).junitName();
            if (junit != null) b.append(" --junit ").append(junit);
        }
        if (operation == Operation.APP_DEPLOY || operation == Operation.APP_ROLLBACK || operation == Operation.APP_RELEASES) {
            AppRequest r = new Requests(operation, arguments).app();
            r.app().ifPresent(a -> b.append(' ').append(a));
            r.to().ifPresent(id -> b.append(" --to ").append(id));
            if (!r.healthTimeout().equals(AppRequest.DEFAULT_HEALTH_TIMEOUT)) b.append(" --health-timeout ").append(r.healthTimeout().toSeconds());
        }
        return b.toString();
    }

    private static void option(StringBuilder b, String name, Object value) {
        if (value != null && !value.toString().isBlank()) b.append(' ').append(name).append(' ').append(value.toString().trim());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PlatformCall[" + operation.command() + " -f " + spec + ", " + credentials + "]";
    }

    /** The {@code rolestack patch} options that differ from its defaults, and its report ({@code --junit}). */
    private String patchOptions(PatchRequest r) {
        PatchRequest d = PatchRequest.defaults();
        StringBuilder b = new StringBuilder();
        if (r.dryRun()) b.append(" --dry-run");
        if (!r.healthTimeout().equals(d.healthTimeout())) b.append(" --health-timeout ").append(r.healthTimeout().toSeconds());
        if (!r.dpkgLockWait().equals(d.dpkgLockWait())) b.append(" --dpkg-lock-wait ").append(r.dpkgLockWait().toSeconds());
        return b.append(" --junit ").append(new Requests(operation, arguments).junitName()).toString();
    }
}
