package io.doriscdc.chaos;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportProvider;
import io.doriscdc.api.transport.Transports;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A sabotaged transport, for {@link ChaosCanFailIT} only (test class path; nothing in production can select it):
 * scheme {@value #SCHEME}, Stream Load underneath with the same settings, but every batch is reported committed
 * at once — a fake receipt — and handed to Stream Load only {@link #DELAY} later. The pipeline so acknowledges
 * positions to PostgreSQL before Doris commits what they cover: the bug exactly-once exists to prevent, which a
 * SIGKILL in between turns into lost rows. Thread-safe.
 */
public final class AckBeforeCommitTransportProvider implements TransportProvider {

    static final String SCHEME = "chaos-ack-before-commit";
    static final Duration DELAY = Duration.ofSeconds(3);

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String description() {
        return "TEST ONLY: Stream Load that acknowledges every batch before delivering it";
    }

    @Override
    public Transport create(TransportConfig config, PipelineListener listener) {
        return new AckBeforeCommit(Transports.load("streamload").create(config, listener));
    }

    private static final class AckBeforeCommit implements Transport {
        private final Transport real;
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ack-before-commit");
            t.setDaemon(true);
            return t;
        });

        AckBeforeCommit(Transport real) {
            this.real = real;
        }

        @Override
        public String scheme() {
            return SCHEME;
        }

        @Override
        public BatchEncoder newEncoder(TableMapping mapping) {
            return real.newEncoder(mapping);
        }

        @Override
        public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
            later.schedule(() -> real.deliver(batch), DELAY.toMillis(), TimeUnit.MILLISECONDS); // in order: one thread, one delay
            return CompletableFuture.completedFuture(new DeliveryReceipt(batch.label(), -1, DeliveryOutcome.COMMITTED, batch.rowCount(), 0,
                    batch.byteCount(), 1, Duration.ZERO));
        }

        @Override
        public Optional<SqlEndpoint> sql() {
            return real.sql();
        }

        @Override
        public void close() {
            later.shutdown();
            try {
                later.awaitTermination(DELAY.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            real.close();
        }
    }
}
