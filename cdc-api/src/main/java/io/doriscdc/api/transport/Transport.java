package io.doriscdc.api.transport;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers batches of changes into Doris. Created by a {@link TransportProvider}.
 *
 * <p>The pipeline asks it for one {@link BatchEncoder} per mapped table, writes each change into
 * that encoder once (in the transport's own wire format), and hands the finished {@link Batch} to
 * {@link #deliver(Batch)}. The returned future completes with a {@link DeliveryReceipt} only when
 * the batch is committed in Doris; it completes exceptionally with a {@link TransportException}
 * when the batch cannot be delivered (after the transport's own retries, always with the batch's
 * label). Delivering the same batch twice must not duplicate it (labels, sequence column).
 *
 * <p>Thread-safe: {@link #deliver(Batch)} may be called from any thread, for several batches at
 * once. Encoders are not thread-safe. {@link #close()} waits for deliveries in flight to finish or
 * fail.
 */
public interface Transport extends AutoCloseable {

    /** The scheme of the provider that made it. */
    String scheme();

    /** A fresh encoder for changes of one source table into one Doris table. */
    BatchEncoder newEncoder(TableMapping mapping);

    /** Delivers a batch asynchronously; see the class description for the outcome. */
    CompletableFuture<DeliveryReceipt> deliver(Batch batch);

    /** The target's SQL endpoint (DDL, TRUNCATE, SELECT), if this transport can reach one. */
    default Optional<SqlEndpoint> sql() {
        return Optional.empty();
    }

    /** Releases connections and threads; waits for deliveries in flight. */
    @Override
    void close();
}
