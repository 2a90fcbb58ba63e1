package io.rolestack.cli;

import io.rolestack.core.events.Progress;
import io.rolestack.core.result.Result;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --json} and {@code --quiet}, and how results are printed, for every command. */
final class Output {
    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Spec(Spec.Target.MIXEE)
    CommandSpec cmd;

    PrintWriter out() {
        return cmd.commandLine().getOut();
    }

    Progress progress() {
        return new ConsoleProgress(cmd.commandLine().getErr(), quiet);
    }

    /** Prints the results and returns the exit code: 0 when nothing failed. */
    int results(List<Result> results) {
        if (json) {
            out().println(Json.write(results.stream().map(Output::asMap).toList()));
        } else {
            Table t = new Table("HOST", "OPERATION", "STATUS", "TIME", "MESSAGE");
            for (Result r : results) {
                t.row(r.host(), r.operation(), r.status().name().toLowerCase(), seconds(r), r.message());
            }
            t.print(out());
        }
        out().flush();
        return new io.rolestack.core.result.RunSummary(results).exitCode();
    }

    static String seconds(Result r) {
        return String.format("%.1fs", r.duration().toMillis() / 1000.0);
    }

    static Map<String, Object> asMap(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", r.host());
        m.put("operation", r.operation());
        m.put("status", r.status().name().toLowerCase());
        m.put("message", r.message());
        m.put("diff", r.diff());
        m.put("seconds", r.duration().toMillis() / 1000.0);
        return m;
    }
}
