package io.doriscdc.cli;

import io.doriscdc.cli.config.CliConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code doris-cdc validate --config FILE}: checks a pipeline file without connecting to anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a pipeline file without connecting to anything.", "",
                "Every key must be known, every value valid, every secret resolvable; with pipelines:, every pipeline",
                "(or those given with --pipeline), and no table in two of them.",
                "Exit code 0 when valid, 2 with the file, line and key when not."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (CliConfig c : config.readAll().pipelines()) {
            c.pipelineConfig(io.doriscdc.api.PipelineListener.NONE);
            spec.commandLine().getOut().println("valid: " + c);
        }
        return ExitCodes.OK;
    }
}
