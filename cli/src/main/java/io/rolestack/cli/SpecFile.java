package io.rolestack.cli;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code -f/--file} option shared by every command that reads a platform spec. */
final class SpecFile {
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", required = true,
            description = "Platform spec (YAML), e.g. examples/platform-local.yaml.")
    Path file;

    PlatformSpec load() {
        return SpecLoader.load(file);
    }
}
