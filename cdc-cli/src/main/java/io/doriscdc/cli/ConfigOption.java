package io.doriscdc.cli;

import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.config.ConfigReader;
import io.doriscdc.cli.config.PipelineFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --pipeline} options shared by the commands that read a pipeline file. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The pipeline YAML file (see docs/configuration.md).")
    Path file;

    @Option(names = "--pipeline", split = ",", paramLabel = "NAME",
            description = "Only these pipelines of a file with pipelines: (repeatable or comma-separated; default all).")
    List<String> pipelines = new ArrayList<>();

    /** The one pipeline selected: a file of several needs --pipeline NAME. */
    CliConfig read() {
        return readAll().single();
    }

    /** The pipelines selected with --pipeline, or all the file declares. */
    PipelineFile readAll() {
        return ConfigReader.readAll(file).select(pipelines);
    }
}
