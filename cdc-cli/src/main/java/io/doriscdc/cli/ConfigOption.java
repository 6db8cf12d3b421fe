package io.doriscdc.cli;

import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.config.ConfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the commands that read a pipeline file. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The pipeline YAML file (see docs/configuration.md).")
    Path file;

    CliConfig read() {
        return ConfigReader.read(file);
    }
}
