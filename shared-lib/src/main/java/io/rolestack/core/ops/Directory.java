package io.rolestack.core.ops;

import io.rolestack.core.facts.FactQuery;
import io.rolestack.core.facts.PathFact;
import io.rolestack.core.remote.FileMode;
import io.rolestack.core.result.Result;

import java.util.List;

import static io.rolestack.core.remote.Shell.quote;

/**
 * A directory with this owner and mode.
 *
 * <pre>directories: [{path: /var/www/app, owner: www-data, mode: "0755"}]</pre>
 */
public record Directory(String role, String path, FileMode mode) implements Operation {
    @Override
    public String name() {
        return "directory " + path;
    }

    @Override
    public void ask(FactQuery q) {
        q.path(path);
    }

    @Override
    public List<Result> apply(HostContext ctx) {
        PathFact f = ctx.facts().path(path);
        String fix = "chown " + quote(mode.owner() + ":" + mode.group()) + " " + quote(path) + " && chmod " + mode.octal()
                + " " + quote(path);
        return List.of(switch (f.kind()) {
            case ABSENT -> ctx.change(name(), "created", "", c -> c.run("mkdir -p " + quote(path) + " && " + fix));
            case DIRECTORY -> f.owner().equals(mode.owner()) && f.group().equals(mode.group()) && f.mode() == mode.permissions()
                    ? ctx.ok(name(), "up to date")
                    : ctx.change(name(), "owner/mode fixed", "", c -> c.run(fix));
            default -> ctx.failed(name(), path + " exists and is a " + f.kind().name().toLowerCase() + ", not a directory");
        });
    }
}
