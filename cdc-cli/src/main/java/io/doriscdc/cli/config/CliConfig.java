package io.doriscdc.cli.config;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.Redaction;
import io.doriscdc.runtime.TableRoute;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A validated pipeline file: what the commands need directly, and the settings to apply to a
 * {@link PipelineConfig.Builder}. Immutable; {@link #toString()} shows no secret.
 *
 * @param file the file it was read from
 * @param name the pipeline's name: its entry's {@code name} under {@code pipelines:}, else the slot name
 * @param postgresUrl the JDBC URL
 * @param postgresUser the user
 * @param postgresPassword the password (resolved; never printed)
 * @param postgresProperties extra pgjdbc properties (resolved)
 * @param slot the slot name
 * @param transportScheme the transport scheme
 * @param transportSettings the transport's settings (resolved; secrets inside)
 * @param createTables whether missing Doris tables are created from the PostgreSQL schema
 * @param routes the mapped tables
 * @param metricsPort the Prometheus port, if metrics are on
 * @param metricsHost the address it binds
 * @param settings every other key, applied in file order
 */
public record CliConfig(String file, String name, String postgresUrl, String postgresUser, String postgresPassword,
                        Map<String, String> postgresProperties, String slot, String transportScheme,
                        Map<String, String> transportSettings, boolean createTables, List<TableRoute> routes,
                        OptionalInt metricsPort, String metricsHost, List<Consumer<PipelineConfig.Builder>> settings) {

    public CliConfig {
        postgresProperties = Map.copyOf(postgresProperties);
        transportSettings = Map.copyOf(transportSettings);
        routes = List.copyOf(routes);
        settings = List.copyOf(settings);
    }

    /** The pipeline configuration with a listener (validated already: building cannot fail on a value). */
    public PipelineConfig pipelineConfig(PipelineListener listener) {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(postgresUrl).user(postgresUser).password(postgresPassword)
                .slot(slot).transport(transportScheme).transportSettings(transportSettings)
                .createTables(createTables)
                .listener(listener);
        postgresProperties.forEach(b::pgProperty);
        routes.forEach(b::route);
        settings.forEach(s -> s.accept(b));
        return b.build();
    }

    @Override
    public String toString() {
        return "CliConfig{file=" + file + ", pipeline=" + name + ", postgres=" + Redaction.url(postgresUrl) + ", user=" + postgresUser + ", password=" + Redaction.MASK
                + ", properties=" + Redaction.settings(postgresProperties) + ", slot=" + slot
                + ", transport=" + transportScheme + " " + Redaction.settings(transportSettings) + ", tables=" + routes + "}";
    }
}
