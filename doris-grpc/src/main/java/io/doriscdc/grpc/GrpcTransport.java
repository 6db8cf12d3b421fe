package io.doriscdc.grpc;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.internal.GatewayChannels;
import io.doriscdc.grpc.internal.GrpcDeliveryRunner;
import io.doriscdc.grpc.internal.GrpcSqlEndpoint;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadPayload;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC {@link Transport}: batches go to {@link IngestGateway}s, which load them into Doris with
 * Stream Load. Encoders are doris-streamload's (JSON lines or CSV, written once); the gateway forwards
 * those bytes unchanged. Each Stream Load part of a batch is one {@code Load} call with a deadline; a
 * failed call is retried under the same label on the next gateway, so a gateway that dies, a BE that
 * fails or a deadline that expires never loses or duplicates a batch. Creating one performs no I/O:
 * channels connect on first use.
 *
 * <p>Thread-safe: {@link #deliver(Batch)} never blocks (the payload is sent as the gateway's flow control
 * allows). Encoders are not thread-safe. {@link #close()} fails deliveries waiting for a retry, waits up
 * to the deadline for calls in flight, then closes the channels.
 */
public final class GrpcTransport implements Transport {

    /** The scheme of this transport. */
    public static final String SCHEME = "grpc";

    private static final Logger LOG = LoggerFactory.getLogger(GrpcTransport.class);

    private final GrpcSettings settings;
    private final GatewayChannels channels;
    private final GrpcDeliveryRunner runner;
    private final Optional<SqlEndpoint> sql;

    private GrpcTransport(GrpcSettings settings, PipelineListener listener) {
        this.settings = settings;
        this.channels = new GatewayChannels(settings);
        this.runner = new GrpcDeliveryRunner(settings, channels, listener);
        this.sql = settings.sql() ? Optional.of(new GrpcSqlEndpoint(channels, settings.deadline())) : Optional.empty();
        if (settings.token().isPresent() && !settings.tls()) {
            LOG.warn("grpc transport sends its token without TLS; set tls=true (and trust-cert) outside a trusted network");
        }
    }

    /** A transport with these settings; no I/O happens until the first delivery or SQL statement. */
    public static GrpcTransport create(GrpcSettings settings, PipelineListener listener) {
        return new GrpcTransport(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(listener, "listener"));
    }

    public GrpcSettings settings() {
        return settings;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public BatchEncoder newEncoder(TableMapping mapping) {
        return settings.encoding().newEncoder(mapping);
    }

    /**
     * Delivers a batch made by one of this transport's encoders.
     *
     * @throws IllegalArgumentException if the payload was not made by this transport's (Stream Load) encoders
     */
    @Override
    public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        if (!(batch.payload() instanceof StreamLoadPayload p) || !p.parts().stream().map(LoadPart::body).allMatch(LoadBody.Bytes.class::isInstance)) {
            throw new IllegalArgumentException("batch " + batch.label() + " was encoded by another transport ("
                    + batch.payload().getClass().getName() + "); use this transport's newEncoder()");
        }
        if (runner.isClosed()) {
            return CompletableFuture.failedFuture(new TransportException("transport is closed", false, batch.label()));
        }
        return runner.submit(batch);
    }

    /** SQL through the gateway's {@code DorisSql} service; empty when {@code sql=false}. */
    @Override
    public Optional<SqlEndpoint> sql() {
        return sql;
    }

    @Override
    public void close() {
        runner.close(settings.deadline());
        channels.close();
    }

    @Override
    public String toString() {
        return "GrpcTransport" + settings;
    }
}
