package io.rolestack.cli;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "spec", description = "Platform spec files.", subcommands = {SpecCommand.Validate.class})
final class SpecCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a spec whole; errors are reported as FILE:LINE:COLUMN. Touches no host.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC")
        Path file;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec cmd;

        @Override
        public Integer call() {
            PlatformSpec s = SpecLoader.load(file);
            PrintWriter w = cmd.commandLine().getOut();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("file", file.toString());
                out.put("valid", true);
                out.put("environment", s.environment());
                out.put("domain", s.domain());
                out.put("provider", s.provider().type());
                out.put("jump", s.jump().fqdn());
                out.put("hosts", s.hosts().stream().map(HostName::fqdn).toList());
                w.println(Json.write(out));
            } else {
                w.printf("%s: ok — %s.%s on %s, jump %s, %d hosts%n", file, s.environment(), s.domain(),
                        s.provider().type(), s.jump().shortName(), s.hosts().size());
            }
            w.flush();
            return 0;
        }
    }
}
