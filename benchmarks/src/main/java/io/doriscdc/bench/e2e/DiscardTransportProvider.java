package io.doriscdc.bench.e2e;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportProvider;
import io.doriscdc.streamload.StreamLoadSettings;
import io.doriscdc.streamload.StreamLoadTransport;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Transport scheme {@code discard}: the pipeline's whole path except the network. Its encoders are the
 * real Stream Load encoders (JSON lines or CSV, setting {@code format}, obtained through
 * {@link StreamLoadTransport#newEncoder}, which performs no I/O), so every change is really encoded;
 * {@link Transport#deliver} drops the payload, tells the listener (as the Stream Load transport does) and
 * completes at once as committed. Registered through
 * {@code META-INF/services} of the benchmarks jar. Thread-safe, like the Stream Load transport it wraps.
 */
public final class DiscardTransportProvider implements TransportProvider {

    /** The scheme. */
    public static final String SCHEME = "discard";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String description() {
        return "encodes with the Stream Load encoders, then drops the batch (benchmarks only)";
    }

    @Override
    public Transport create(TransportConfig config, PipelineListener listener) {
        config.requireOnlyKnownKeys(SCHEME, Set.of("format"));
        // an address that is never contacted: only the encoder of this Stream Load transport is used
        StreamLoadSettings settings = StreamLoadSettings.from(TransportConfig.of(Map.of("fe", "127.0.0.1:9",
                "format", config.getString("format", "json"))));
        return new Discard(StreamLoadTransport.create(settings, listener), listener);
    }

    private static final class Discard implements Transport {
        private final StreamLoadTransport encoders;
        private final PipelineListener listener;

        Discard(StreamLoadTransport encoders, PipelineListener listener) {
            this.encoders = encoders;
            this.listener = listener;
        }

        @Override
        public String scheme() {
            return SCHEME;
        }

        @Override
        public BatchEncoder newEncoder(TableMapping mapping) {
            return encoders.newEncoder(mapping);
        }

        @Override
        public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
            DeliveryReceipt r = new DeliveryReceipt(batch.label(), -1, DeliveryOutcome.COMMITTED, batch.rowCount(), 0, batch.byteCount(), 1,
                    Duration.ZERO);
            listener.batchDelivered(batch, r); // as the Stream Load transport does
            return CompletableFuture.completedFuture(r);
        }

        @Override
        public void close() {
            encoders.close();
        }
    }
}
