package io.doriscdc.grpc;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportProvider;

/**
 * The {@link TransportProvider} of scheme {@code grpc}, registered for {@link java.util.ServiceLoader}.
 * Settings are described on {@link GrpcSettings}. Stateless and thread-safe.
 */
public final class GrpcTransportProvider implements TransportProvider {

    @Override
    public String scheme() {
        return GrpcTransport.SCHEME;
    }

    @Override
    public String description() {
        return "gRPC to doris-cdc ingest gateways beside the Doris BEs (Stream Load semantics, JSON lines or CSV)";
    }

    @Override
    public Transport create(TransportConfig config, PipelineListener listener) {
        return GrpcTransport.create(GrpcSettings.from(config), listener);
    }
}
