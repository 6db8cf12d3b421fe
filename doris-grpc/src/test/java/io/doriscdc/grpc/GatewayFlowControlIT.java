package io.doriscdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.emulator.DorisEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A slow BE slows the client instead of filling the gateway: with a 1 MiB buffer budget and a BE that
 * answers each load 300 ms late, 16 concurrent 200 KiB batches all arrive exactly once while the gateway never holds
 * more than its budget and makes later loads wait (their streams paused by gRPC flow control).
 */
class GatewayFlowControlIT {

    @Test
    void slowBeKeepsTheGatewaysBufferWithinItsBudget() throws Exception {
        long budget = 1 << 20;
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
             IngestGateway gw = new GatewayFixture(emu).gateway(Map.of()).maxBuffer(budget).maxChunk(64 << 10).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("chunk-size", "32768", "deadline", "60s"), PipelineListener.NONE)) {
            GatewayFixture f = new GatewayFixture(emu);
            DorisTableId table = f.table("slow_be");
            List<Batch> batches = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batches.add(f.rows(t, table, i * 200, (i + 1) * 200, 1000, 1));
            }
            long total = batches.stream().mapToLong(Batch::byteCount).sum();
            assertThat(total).isGreaterThan(3 * budget);
            // A slow BE: every load answers 300 ms late. (slowReads would be the literal fault, but the emulator's
            // throttle leaves a keep-alive connection unread after its first throttled load; reported to its owner.)
            emu.faults().delayResponses(java.time.Duration.ofMillis(300));

            AtomicInteger maxWaiting = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> maxWaiting.accumulateAndGet(gw.stats().waitingForBuffer(), Math::max), 0, 2, TimeUnit.MILLISECONDS);
            try {
                List<CompletableFuture<DeliveryReceipt>> futures = batches.stream().map(t::deliver).toList();
                futures.forEach(GatewayFixture::await);
            } finally {
                sampler.shutdownNow();
            }

            GatewayStats s = gw.stats();
            assertThat(s.peakBufferedBytes()).isLessThanOrEqualTo(budget).isGreaterThan(0);
            assertThat(maxWaiting.get()).as("loads that waited for buffer").isGreaterThan(0);
            assertThat(s.bufferedBytes()).isZero();
            assertThat(s.bytesReceived()).isEqualTo(total);
            assertThat(emu.table("it", "slow_be").rowCount()).isEqualTo(16 * 200);
            for (Batch b : batches) {
                assertThat(f.committedLoads(b.label())).isEqualTo(1);
            }
        }
    }
}
