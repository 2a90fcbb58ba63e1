package io.rolestack.app.release;

import java.nio.file.Path;

/**
 * One built release of an app: its id, the inputs it was made of, the archive (tar.gz, in the work directory)
 * and the paths of its rendered configs (relative to the release's top).
 */
public record AppBuild(String app, String id, ReleaseInputs inputs, Path archive, java.util.List<String> configs,
                       String commit) {
    public AppBuild {
        configs = java.util.List.copyOf(configs);
    }
}
