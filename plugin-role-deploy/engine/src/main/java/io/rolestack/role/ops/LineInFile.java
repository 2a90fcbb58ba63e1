package io.rolestack.role.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.ops.HostContext;
import io.rolestack.core.ops.Operation;
import io.rolestack.core.result.Result;

import java.util.List;
import java.util.Optional;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A line present in a file that rolestack does not otherwise own. When
 * {@code match} (an extended regex) is given, the first matching line is
 * replaced; otherwise the line is appended. The file is rewritten atomically
 * (temp file + rename) keeping its owner and mode.
 *
 * <pre>lines: [{path: /etc/default/memcached, line: "ENABLE_MEMCACHED=yes", match: "^ENABLE_MEMCACHED="}]</pre>
 */
public record LineInFile(String role, String path, String line, Optional<String> match, List<String> notifies)
        implements Operation {
    @Override
    public String name() {
        return "line " + path + ": " + line;
    }

    @Override
    public void ask(FactQuery q) {
        q.line(path, line);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        if (ctx.facts().hasLine(path, line)) return List.of(ctx.ok(name(), "present"));
        return List.of(ctx.change(name(), match.isPresent() ? "replaced or added" : "added", "+" + line + "\n",
                notifies, path + " changed", c -> c.run(script())));
    }

    String script() {
        // Values go through the environment, not awk -v, so backslashes stay literal.
        return "f=" + quote(path) + "; [ -e \"$f\" ] || : > \"$f\"; t=$(mktemp \"$f.rolestack-XXXXXX\") && "
                + "RE=" + quote(match.orElse("")) + " LINE=" + quote(line) + " awk '"
                + "BEGIN{d=0} ENVIRON[\"RE\"] != \"\" && !d && $0 ~ ENVIRON[\"RE\"] {print ENVIRON[\"LINE\"]; d=1; next} "
                + "{print} END{if(!d) print ENVIRON[\"LINE\"]}' \"$f\" > \"$t\" && chown --reference=\"$f\" \"$t\" && "
                + "chmod --reference=\"$f\" \"$t\" && mv -f \"$t\" \"$f\" || { rm -f \"$t\"; exit 1; }";
    }
}
