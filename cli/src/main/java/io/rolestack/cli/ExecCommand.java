package io.rolestack.cli;

import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.exec.HostOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Runs an ad-hoc command on the selected hosts in parallel, through the jump host.",
                "Output lines are prefixed with the host's short name; the exit code is 0 only when the command "
                        + "exited 0 on every host. The words after -- are joined with spaces, as ssh does.",
                "Example: rolestack exec -f SPEC --limit app -- systemctl is-active php8.2-fpm"})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    SpecFile spec;
    @Mixin
    Output output;
    @Mixin
    PlatformArguments platform;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Per host; past it the command is killed and the host fails (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--sudo", description = "Run as root (sudo -n) when the SSH user is not root.")
    boolean sudo;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command, after --.")
    List<String> command;

    @Override
    public Integer call() {
        // The request is checked before the platform is opened: a bad timeout touches nothing.
        ExecRequest request = new ExecRequest(String.join(" ", command), Duration.ofSeconds(timeoutSeconds), sudo);
        ExecOutcome outcome = platform.open(spec, output).exec(request);
        PrintWriter w = output.out();
        if (output.json) {
            w.println(Json.write(outcome.hosts().stream().map(ExecCommand::asMap).toList()));
        } else {
            for (HostOutput h : outcome.hosts()) {
                String name = h.host().split("\\.", 2)[0];
                h.stdout().lines().forEach(l -> w.printf("%s | %s%n", name, l));
                h.stderr().lines().forEach(l -> w.printf("%s ! %s%n", name, l));
                if (!h.succeeded()) {
                    w.printf("%s FAILED: %s%n", name, h.error().orElseGet(() -> "exit " + h.exitCode().orElseThrow()));
                }
            }
            long failed = outcome.hosts().stream().filter(h -> !h.succeeded()).count();
            w.printf("%d host(s): %d ok, %d failed%n", outcome.hosts().size(), outcome.hosts().size() - failed, failed);
        }
        w.flush();
        return outcome.exitCode();
    }

    private static Map<String, Object> asMap(HostOutput h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", h.host());
        m.put("exitCode", h.exitCode().orElse(null));
        m.put("stdout", h.stdout());
        m.put("stderr", h.stderr());
        m.put("error", h.error().orElse(null));
        m.put("seconds", h.took().toMillis() / 1000.0);
        return m;
    }
}
