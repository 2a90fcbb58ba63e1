package io.rolestack.cli;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.platform.Platform;
import io.rolestack.platform.backup.BackupJUnitReport;
import io.rolestack.platform.backup.SearchBackupReport;
import io.rolestack.platform.backup.SearchBackupValues;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What every {@code backup search} command shares: the spec, --json/--quiet/--junit, and how its report is printed. */
abstract class SearchSnapshotsSubcommand implements Callable<Integer> {
    @Mixin
    Output output;
    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML there (one testcase per snapshot of the "
            + "report; one that is not valid is a failure), for Jenkins' junit step.")
    Path junit;

    /** The spec; {@code -f} is a mixin of each subcommand, and optional on {@code backup search} itself (see there). */
    abstract PlatformSpec spec();

    abstract SearchBackupReport run(Platform platform);

    @Override
    public Integer call() {
        SearchBackupReport r = run(Platform.open(spec(), PlatformArguments.base(output, null)));
        if (junit != null) BackupJUnitReport.write(r, junit);
        PrintWriter w = output.out();
        if (output.json) w.println(Json.write(SearchBackupValues.of(r)));
        else BackupSearchCommand.print(r, w);
        w.flush();
        return r.exitCode();
    }
}
