package io.rolestack.cli;

import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.spec.SpecException;
import picocli.CommandLine;

import java.util.Map;
import picocli.CommandLine.Command;

/** The {@code rolestack} command: every subcommand translates arguments in and results out; the engines do the work. */
@Command(name = "rolestack", mixinStandardHelpOptions = true, versionProvider = Rolestack.Version.class,
        description = "Deploys and operates a multi-tier web platform on OpenStack or on local Debian hosts.",
        subcommands = {
                AppCommand.class,
                DemoCommand.class,
                DeployCommands.Plan.class,
                DeployCommands.Apply.class,
                LocalCommand.class,
                VmCommand.class,
                DbCommand.class,
                ExecCommand.class,
                HealthCommand.class,
                HealCommand.class,
                PatchCommand.class,
                BackupCommand.class,
                RoleCommand.class,
                SpecCommand.class,
                SshConfigCommand.class,
                WatchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Rolestack implements Runnable {
    /** Exit code for bad input (spec, hostname, arguments): nothing was touched. */
    static final int BAD_INPUT = 2;
    /** Exit code when some host or step failed. */
    static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The process environment commands read credentials from (OS_*); tests hand in their own. */
    private static volatile Map<String, String> environment = System.getenv();

    static Map<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine(Map<String, String> env) {
        environment = Map.copyOf(env);
        return commandLine();
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Rolestack());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // Known failures are reported as one clear line, never a stack trace.
            line.getErr().println("rolestack: " + e.getMessage());
            // Engines refuse bad input with IllegalArgumentException before touching any host.
            if (e instanceof SpecException || e instanceof IllegalArgumentException || e instanceof UsageError) {
                return BAD_INPUT;
            }
            if (e instanceof RemoteException || e instanceof IllegalStateException) {
                return FAILED;
            }
            if (System.getenv("ROLESTACK_DEBUG") != null) e.printStackTrace(line.getErr());
            return FAILED;
        });
        return cl;
    }

    /** A mistake in how the command was called; exit code 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rolestack.class.getPackage().getImplementationVersion();
            return new String[] {"rolestack " + (v == null ? "dev" : v)};
        }
    }
}
