package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchCompletionTest {

    private static final Batch BATCH = new Batch(DorisTableId.of("db", "t"), "l1", io.doriscdc.api.StreamPosition.of(1, 1), io.doriscdc.api.StreamPosition.of(2, 1), new EncodedBatch() {
        @Override
        public int rowCount() {
            return 3;
        }

        @Override
        public long byteCount() {
            return 42;
        }
    });

    private final List<String> events = new ArrayList<>();
    private final AtomicInteger ends = new AtomicInteger();
    private final PipelineListener listener = new PipelineListener() {
        @Override
        public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
            events.add("delivered " + receipt.outcome() + " attempts=" + receipt.attempts());
        }

        @Override
        public void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
            events.add("retry " + attempt);
        }

        @Override
        public void deliveryFailed(Batch batch, TransportException cause) {
            events.add("failed " + cause.getMessage());
        }
    };

    private BatchCompletion completion() {
        return new BatchCompletion(BATCH, listener, System::nanoTime, ends::incrementAndGet);
    }

    @Test
    void theReceiptSumsTheLoadsAndCountsEveryAttempt() throws Exception {
        BatchCompletion c = completion();
        c.loadCommitted(false, false, 7, 2, 0);
        c.retrying(1, new TransportException("boom", true, "l1"), Duration.ofMillis(5));
        c.extraAttempts(2);
        c.loadCommitted(true, true, -1, 1, 1);
        assertThat(c.complete()).isTrue();
        DeliveryReceipt r = c.future().get();
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED_PUBLISH_PENDING);
        assertThat(r.txnId()).isEqualTo(7);
        assertThat(r.rowsLoaded()).isEqualTo(3);
        assertThat(r.rowsFiltered()).isEqualTo(1);
        assertThat(r.bytes()).isEqualTo(42);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(events).containsExactly("retry 1", "delivered COMMITTED_PUBLISH_PENDING attempts=4");
    }

    @Test
    void allLoadsFoundCommittedAlreadyIsAlreadyCommittedAndNoLoadsIsCommitted() throws Exception {
        BatchCompletion c = completion();
        c.loadCommitted(true, false, 3, 0, 0);
        c.complete();
        assertThat(c.future().get().outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
        BatchCompletion empty = completion();
        empty.complete();
        assertThat(empty.future().get().outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
    }

    @Test
    void endsExactlyOnceWhicheverComesFirst() {
        BatchCompletion c = completion();
        assertThat(c.fail(new TransportException("gone", true, "l1"))).isTrue();
        assertThat(c.complete()).isFalse();
        assertThat(c.fail(new TransportException("again", true, "l1"))).isFalse();
        assertThat(c.isDone()).isTrue();
        assertThat(c.future()).isCompletedExceptionally();
        assertThat(ends).hasValue(1);
        assertThat(events).containsExactly("failed gone");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheCompletion() {
        BatchCompletion c = new BatchCompletion(BATCH, new PipelineListener() {
            @Override
            public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
                throw new IllegalStateException("listener bug");
            }
        }, System::nanoTime, () -> { });
        c.complete();
        assertThat(c.future()).isCompleted();
    }
}
