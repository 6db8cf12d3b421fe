package io.doriscdc.runtime.internal;

import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport as table copies see it: each copy batch passes its table's {@link CopyGate}, so a
 * batch that a propagated TRUNCATE superseded is not loaded (it is answered as committed with no
 * rows: the TRUNCATE removed what it held), and a TRUNCATE waits for the copy loads in flight.
 * Thread-safe, like the transport it wraps; closing it leaves the transport open.
 */
final class CopyTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(CopyTransport.class);

    private final Transport transport;
    private final Tables tables;

    CopyTransport(Transport transport, Tables tables) {
        this.transport = transport;
        this.tables = tables;
    }

    @Override
    public String scheme() {
        return transport.scheme();
    }

    @Override
    public BatchEncoder newEncoder(TableMapping mapping) {
        return transport.newEncoder(mapping);
    }

    @Override
    public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
        TableRuntime t = tables.byTarget(batch.target());
        if (t == null) {
            return transport.deliver(batch);
        }
        if (!t.copies.enter(batch.first())) {
            LOG.info("copy batch {} of {} not loaded: a TRUNCATE after its snapshot {} was applied", batch.label(), t.route.source(),
                    batch.first().commitLsn());
            return CompletableFuture.completedFuture(
                    new DeliveryReceipt(batch.label(), -1, DeliveryOutcome.COMMITTED, 0, 0, 0, 0, Duration.ZERO));
        }
        CompletableFuture<DeliveryReceipt> f;
        try {
            f = transport.deliver(batch);
        } catch (RuntimeException e) {
            t.copies.leave();
            throw e;
        }
        return f.whenComplete((receipt, error) -> t.copies.leave());
    }

    @Override
    public Optional<SqlEndpoint> sql() {
        return transport.sql();
    }

    @Override
    public void close() {
        // the pipeline closes the transport
    }
}
