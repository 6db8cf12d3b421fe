package io.doriscdc.streamload;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.internal.Backoff;
import io.doriscdc.streamload.internal.DeliveryRunner;
import io.doriscdc.streamload.internal.DorisApi;
import io.doriscdc.streamload.internal.FeSqlEndpoint;
import io.doriscdc.streamload.internal.HttpFacade;
import io.doriscdc.streamload.internal.StreamLoadEncoder;
import io.doriscdc.streamload.internal.StreamLoadPayload;
import io.doriscdc.streamload.internal.Targets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Stream Load {@link Transport}: encoders write JSON lines or CSV; {@link #deliver(Batch)} loads a
 * batch through the FE redirect or straight into BEs under the batch's label, commits it (two-phase if
 * configured), retries with backoff on its own scheduled executor and completes the future only once
 * the batch is committed. Creating one performs no I/O; the HTTP client and threads start on first use.
 *
 * <p>Thread-safe: {@link #deliver(Batch)} may be called from any thread; it never blocks. Encoders are
 * not thread-safe (one per table and thread). {@link #close()} fails deliveries waiting for a retry,
 * waits for requests in flight up to the load timeout, and releases connections and threads.
 */
public final class StreamLoadTransport implements Transport {

    /** The scheme of this transport. */
    public static final String SCHEME = "streamload";

    private final StreamLoadSettings settings;
    private final HttpFacade http;
    private final DeliveryRunner runner;
    private final Optional<SqlEndpoint> sql;

    private StreamLoadTransport(StreamLoadSettings settings, PipelineListener listener) {
        this.settings = settings;
        this.http = new HttpFacade(settings);
        Targets targets = new Targets(settings, http);
        DorisApi api = new DorisApi(settings, http, targets);
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.runner = new DeliveryRunner(settings, api, listener, backoff);
        this.sql = targets.hasFe() ? Optional.of(new FeSqlEndpoint(settings, http, targets)) : Optional.empty();
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
        return new StreamLoadEncoder(Objects.requireNonNull(mapping, "mapping"), settings);
    }

    /**
     * Delivers a batch made by one of this transport's encoders.
     *
     * @throws IllegalArgumentException if the batch's payload was not made by a Stream Load encoder
     */
    @Override
    public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
        Objects.requireNonNull(batch, "batch");
        if (!(batch.payload() instanceof StreamLoadPayload)) {
            throw new IllegalArgumentException("batch " + batch.label() + " was encoded by another transport ("
                    + batch.payload().getClass().getName() + "); use this transport's newEncoder()");
        }
        if (runner.isClosed()) {
            return CompletableFuture.failedFuture(new TransportException("transport is closed", false, batch.label()));
        }
        return runner.submit(batch);
    }

    /** The FE's SQL endpoint; empty when only {@code be} addresses were configured. */
    @Override
    public Optional<SqlEndpoint> sql() {
        return sql;
    }

    @Override
    public void close() {
        runner.close(settings.loadTimeout());
        http.close();
    }

    @Override
    public String toString() {
        return "StreamLoadTransport" + settings;
    }
}
