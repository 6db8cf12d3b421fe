package io.doriscdc.streamload;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportProvider;

/**
 * The {@link TransportProvider} of scheme {@code streamload}, registered for {@link java.util.ServiceLoader}.
 * Settings are described on {@link StreamLoadSettings}. Stateless and thread-safe.
 */
public final class StreamLoadTransportProvider implements TransportProvider {

    @Override
    public String scheme() {
        return StreamLoadTransport.SCHEME;
    }

    @Override
    public String description() {
        return "Doris Stream Load over HTTP (JSON lines or CSV, labels, optional two-phase commit)";
    }

    @Override
    public Transport create(TransportConfig config, PipelineListener listener) {
        return StreamLoadTransport.create(StreamLoadSettings.from(config), listener);
    }
}
