package io.doriscdc.api.transport;

import io.doriscdc.api.PipelineListener;

/**
 * A factory of {@link Transport}s for one scheme, found with {@link java.util.ServiceLoader}: a
 * transport jar lists its provider in {@code META-INF/services/io.doriscdc.api.transport.TransportProvider}.
 * Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface TransportProvider {

    /** The scheme this provider serves, e.g. {@code streamload} or {@code grpc}: lower case letters, digits and '-'. */
    String scheme();

    /** One line for listings, e.g. "Doris Stream Load over HTTP". */
    default String description() {
        return scheme();
    }

    /**
     * Creates a transport. Validates the settings (unknown keys and bad values are a {@link
     * io.doriscdc.api.ConfigException} naming the key) and performs no I/O: connections are opened
     * lazily.
     *
     * @param listener receives delivery events; never {@code null} ({@link PipelineListener#NONE} when unused)
     */
    Transport create(TransportConfig config, PipelineListener listener);
}
