package io.doriscdc.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipelines one file declares, in file order: one for a file without {@code pipelines:}.
 * Immutable.
 *
 * @param file the file they were read from
 * @param pipelines at least one
 * @param listed whether the file declares them under {@code pipelines:} (their metrics then carry a pipeline tag)
 */
public record PipelineFile(String file, List<CliConfig> pipelines, boolean listed) {

    public PipelineFile {
        pipelines = List.copyOf(pipelines);
    }

    /** The names, in file order. */
    public List<String> names() {
        return pipelines.stream().map(CliConfig::name).toList();
    }

    /**
     * The pipelines named (all when {@code names} is empty), in file order.
     *
     * @throws ConfigError naming {@code --pipeline} and the declared names for a name the file does not declare
     */
    public PipelineFile select(List<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        List<String> unknown = new ArrayList<>(names);
        unknown.removeAll(names());
        if (!unknown.isEmpty()) {
            throw new ConfigError(file, 0, "--pipeline", "no pipeline " + unknown + " in this file; it declares " + names());
        }
        return new PipelineFile(file, pipelines.stream().filter(p -> names.contains(p.name())).toList(), listed);
    }

    /**
     * The only pipeline.
     *
     * @throws ConfigError when the file declares several (say which, with --pipeline)
     */
    public CliConfig single() {
        if (pipelines.size() != 1) {
            throw new ConfigError(file, 0, "pipelines", "declares " + pipelines.size() + " pipelines " + names()
                    + "; this command takes one: choose it with --pipeline NAME");
        }
        return pipelines.get(0);
    }
}
