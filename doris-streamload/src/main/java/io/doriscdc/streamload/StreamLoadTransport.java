package io.doriscdc.streamload;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Stream Load {@link Transport}: encoders write JSON lines or CSV; {@link #deliver(Batch)} loads a
 * batch through the FE redirect or straight into BEs under the batch's label, commits it (two-phase if
 * configured), retries with backoff on its own scheduled executor and completes the future only once
 * the batch is committed. It is {@link StreamLoadEncoding} plus a {@link StreamLoadClient}. Creating one
 * performs no I/O; the HTTP client and threads start on first use.
 *
 * <p>Thread-safe: {@link #deliver(Batch)} may be called from any thread; it never blocks. Encoders are
 * not thread-safe (one per table and thread). {@link #close()} fails deliveries waiting for a retry,
 * waits for requests in flight up to the load timeout, and releases connections and threads.
 */
public final class StreamLoadTransport implements Transport {

    /** The scheme of this transport. */
    public static final String SCHEME = "streamload";

    private final StreamLoadSettings settings;
    private final StreamLoadEncoding encoding;
    private final StreamLoadClient client;
    private final PipelineListener listener;

    private StreamLoadTransport(StreamLoadSettings settings, PipelineListener listener) {
        this.settings = settings;
        this.encoding = settings.encoding();
        this.client = StreamLoadClient.create(settings, "doris-streamload");
        this.listener = listener;
    }

    /** A transport with these settings; no I/O happens until the first delivery or SQL statement. */
    public static StreamLoadTransport create(StreamLoadSettings settings, PipelineListener listener) {
        return new StreamLoadTransport(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(listener, "listener"));
    }

    public StreamLoadSettings settings() {
        return settings;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public BatchEncoder newEncoder(TableMapping mapping) {
        return encoding.newEncoder(mapping);
    }

    /**
     * Delivers a batch made by one of this transport's encoders.
     *
     * @throws IllegalArgumentException if the batch's payload was not made by a Stream Load encoder
     */
    @Override
    public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
        return client.load(batch, settings.twoPhaseCommit(), settings.loadTimeout(), listener);
    }

    /** The FE's SQL endpoint; empty when only {@code be} addresses were configured. */
    @Override
    public Optional<SqlEndpoint> sql() {
        return client.sql();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "StreamLoadTransport" + settings;
    }
}
