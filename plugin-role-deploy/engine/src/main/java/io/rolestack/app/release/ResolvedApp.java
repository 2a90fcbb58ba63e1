package io.rolestack.app.release;

import io.rolestack.core.spec.PlatformSpec;
import org.eclipse.jgit.lib.ObjectId;

import java.nio.file.Path;
import java.util.List;

/**
 * An app whose inputs are all pinned and reachable: the app's commit, each plugin's commit, revision or checked
 * zip. Made before any host is reached, so a bad input stops the deploy there.
 */
public record ResolvedApp(PlatformSpec.App app, ObjectId commit, List<ResolvedPlugin> plugins) {
    public ResolvedApp {
        plugins = List.copyOf(plugins);
    }

    /** {@code pin}: the commit id (git), the revision (svn) or the checked zip's sha256. */
    public record ResolvedPlugin(PlatformSpec.Plugin plugin, String pin, ObjectId commit, Path zip) {
    }
}
