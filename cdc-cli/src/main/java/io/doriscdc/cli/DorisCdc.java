package io.doriscdc.cli;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code doris-cdc} command: {@code run}, {@code demo}, {@code status}, {@code sync},
 * {@code validate}. Exit codes: see {@link ExitCodes}.
 */
@Command(name = "doris-cdc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Streams PostgreSQL changes (logical replication) into Apache Doris with the effect of exactly-once.",
        subcommands = {RunCommand.class, DemoCommand.class, StatusCommand.class, SyncCommand.class, GatewayCommand.class, ValidateCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (stopped on request; demo tables equal)", "1:demo tables differ", "2:bad usage or configuration",
                "3:the pipeline failed or could not start", "130:interrupted"})
public final class DorisCdc implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (no {@code System.exit}). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new DorisCdc());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof CdcException) {
                cmd.getErr().println("failed: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            cmd.getErr().println("failed: " + e);
            e.printStackTrace(cmd.getErr());
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
