package io.doriscdc.grpc;

import static io.doriscdc.grpc.GatewayFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.emulator.DorisEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults between the pipeline and Doris, each resolved without loss or duplicate: the gateway dies
 * mid-stream or after Doris committed, the BE behind it fails, a deadline expires. "Exactly once" is
 * checked on the table (every row once, right values) and in the emulator's load history (one
 * committed transaction under the batch's label).
 */
class GatewayFaultIT {

    static DorisEmulator emu;
    GatewayFixture f;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(2).user("root", GatewayFixture.PASSWORD).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @AfterEach
    void clearFaults() {
        emu.faults().clear();
    }

    GatewayFaultIT() {
        f = new GatewayFixture(emu);
    }

    @Test
    void gatewayThatDiesMidStreamIsReplacedByTheNextWithoutLossOrDuplicate() throws Exception {
        CountDownLatch firstChunk = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        IngestGateway dying = f.gateway(Map.of()).listener(new GatewayListener() {
            @Override
            public void chunkReceived(String label, long received, long payloadBytes) {
                firstChunk.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS); // hold the stream half-way while the gateway is killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).start();
        try (IngestGateway survivor = f.gateway(Map.of()).start();
             Transport t = GatewayFixture.transport(List.of(dying, survivor), Map.of("chunk-size", "16384"), PipelineListener.NONE)) {
            DorisTableId table = f.table("dies_mid_stream");
            Batch b = f.rows(t, table, 0, 2000, 100, 7);
            assertThat(b.byteCount()).isGreaterThan(4 * 16384);
            CompletableFuture<DeliveryReceipt> pending = t.deliver(b);
            assertThat(firstChunk.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pending).isNotDone();
            dying.kill();
            resume.countDown();

            DeliveryReceipt r = await(pending);
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(r.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(emu.table("it", "dies_mid_stream").rowCount()).isEqualTo(2000);
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
            assertThat(survivor.stats().loadsSucceeded()).isEqualTo(1);
        } finally {
            resume.countDown();
            dying.kill();
        }
    }

    @Test
    void gatewayThatDiesAfterDorisCommittedIsResolvedByTheLabelOnTheNext() throws Exception {
        IngestGateway dying = f.gateway(Map.of()).start();
        try (IngestGateway survivor = f.gateway(Map.of()).start();
             Transport t = GatewayFixture.transport(List.of(dying, survivor), Map.of(), PipelineListener.NONE)) {
            DorisTableId table = f.table("dies_after_commit");
            Batch b = f.rows(t, table, 0, 300, 20, 3);
            emu.faults().delayResponses(Duration.ofMillis(1500)); // Doris decides, the answer is late
            long begun = emu.counters().loadsBegun();
            CompletableFuture<DeliveryReceipt> pending = t.deliver(b);
            await().atMost(Duration.ofSeconds(20)).until(() -> emu.counters().loadsBegun() > begun);
            dying.kill();

            DeliveryReceipt r = await(pending);
            assertThat(r.outcome()).isIn(DeliveryOutcome.ALREADY_COMMITTED, DeliveryOutcome.COMMITTED);
            assertThat(emu.table("it", "dies_after_commit").rowCount()).isEqualTo(300);
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
        } finally {
            dying.kill();
        }
    }

    @Test
    void failingBeIsRetriedByTheGatewayUnderTheSameLabel() {
        try (IngestGateway gw = f.gateway(Map.of()).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of(), PipelineListener.NONE)) {
            DorisTableId table = f.table("be_fails");
            Batch b = f.rows(t, table, 0, 500, 10, 1);
            emu.faults().failNextLoads(1, "Fail", "[E-235]failed to init rowset builder. version count: 2001, exceed limit: 2000");
            emu.faults().resetMidBody(1);

            DeliveryReceipt r = await(t.deliver(b));
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(r.attempts()).as("Stream Load attempts, counted by the gateway").isGreaterThanOrEqualTo(3);
            assertThat(emu.table("it", "be_fails").rowCount()).isEqualTo(500);
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
        }
    }

    @Test
    void beFailuresBeyondTheGatewaysRetriesAreRetriedByTheClientUnderTheSameLabel() {
        AtomicInteger clientRetries = new AtomicInteger();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
                clientRetries.incrementAndGet();
            }
        };
        try (IngestGateway gw = f.gateway(Map.of("max-attempts", "1")).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("max-attempts", "5"), listener)) {
            DorisTableId table = f.table("be_fails_twice");
            Batch b = f.rows(t, table, 0, 100, 10, 1);
            emu.faults().failNextLoads(2, "Fail", "[E-235]too many versions");

            DeliveryReceipt r = await(t.deliver(b));
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(clientRetries.get()).isEqualTo(2);
            assertThat(emu.table("it", "be_fails_twice").rowCount()).isEqualTo(100);
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
        }
    }

    @Test
    void expiredDeadlineIsRetriedUnderTheSameLabelWithoutDuplicate() {
        AtomicInteger deadlines = new AtomicInteger();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
                if (cause.getMessage().contains("DEADLINE_EXCEEDED")) {
                    deadlines.incrementAndGet();
                    emu.faults().clear(); // Doris answers in time from now on
                }
            }
        };
        try (IngestGateway gw = f.gateway(Map.of()).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("deadline", "400ms"), listener)) {
            DorisTableId table = f.table("deadline");
            Batch b = f.rows(t, table, 0, 200, 10, 1);
            emu.faults().delayResponses(Duration.ofMillis(1500));

            DeliveryReceipt r = await(t.deliver(b));
            assertThat(deadlines.get()).isGreaterThanOrEqualTo(1);
            assertThat(r.outcome()).isIn(DeliveryOutcome.ALREADY_COMMITTED, DeliveryOutcome.COMMITTED);
            assertThat(emu.table("it", "deadline").rowCount()).isEqualTo(200);
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
        }
    }

    @Test
    void badDataIsNotRetriedAndTheReasonReachesThePipeline() {
        try (IngestGateway gw = f.gateway(Map.of()).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of(), PipelineListener.NONE)) {
            DorisTableId table = f.table("bad_data");
            Batch b = f.rows(t, table, 0, 10, 1, 1);
            emu.faults().failNextLoads(1, "Fail", "[DATA_QUALITY_ERROR]too many filtered rows");

            Throwable e = GatewayFixture.failure(t.deliver(b));
            assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("too many filtered rows");
            assertThat(((TransportException) e).retryable()).isFalse();
            assertThat(((TransportException) e).label()).isEqualTo(b.label());
            assertThat(f.committedLoads(b.label())).isZero();
        }
    }
}
