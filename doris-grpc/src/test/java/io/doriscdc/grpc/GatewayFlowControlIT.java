package io.doriscdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.api.transport.TransportConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway streams: chunks go into the Stream Load body as Doris reads it, so its memory is bounded by
 * its budget whatever the load sizes, a slow BE slows the clients (gRPC flow control) instead of filling
 * the gateway, and a load Doris already has (it answers Label Already Exists before it asks for the body)
 * is answered at once, without its payload leaving the client.
 */
class GatewayFlowControlIT {

    @Test
    void slowBeKeepsTheGatewaysBufferWithinItsBudget() throws Exception {
        long budget = 128 << 10; // four 32 KiB chunks for eight loads
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
             IngestGateway gw = new GatewayFixture(emu).gateway(Map.of()).maxBuffer(budget).maxChunk(64 << 10).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("chunk-size", "32768", "deadline", "60s"), PipelineListener.NONE)) {
            GatewayFixture f = new GatewayFixture(emu);
            DorisTableId table = f.table("slow_be");
            List<Batch> batches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batches.add(f.rows(t, table, i * 200, (i + 1) * 200, 1000, 1));
            }
            long total = batches.stream().mapToLong(Batch::byteCount).sum();
            assertThat(total).isGreaterThan(5 * budget);
            emu.faults().slowReads(1 << 20); // each BE connection reads about 1 MiB/s

            List<CompletableFuture<DeliveryReceipt>> futures = batches.stream().map(t::deliver).toList();
            futures.forEach(GatewayFixture::await);

            GatewayStats s = gw.stats();
            assertThat(s.peakBufferedBytes()).isLessThanOrEqualTo(budget).isGreaterThan(0);
            // counted, not sampled: a gauge read every few ms can miss waits that short (CI saw 0)
            assertThat(s.bufferWaits()).as("chunk reservations that waited for buffer").isGreaterThan(0);
            assertThat(s.waitingForBuffer()).isZero();
            assertThat(s.bufferedBytes()).isZero();
            assertThat(s.bytesReceived()).isEqualTo(total);
            assertThat(emu.table("it", "slow_be").rowCount()).isEqualTo(8 * 200);
            for (Batch b : batches) {
                assertThat(f.committedLoads(b.label())).isEqualTo(1);
            }
        }
    }

    @Test
    void aLoadManyTimesLargerThanTheBudgetStreamsThrough() {
        long budget = 128 << 10;
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
             IngestGateway gw = new GatewayFixture(emu).gateway(Map.of()).maxBuffer(budget).maxChunk(64 << 10).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("chunk-size", "16384"), PipelineListener.NONE)) {
            GatewayFixture f = new GatewayFixture(emu);
            DorisTableId table = f.table("big_load");
            Batch big = f.rows(t, table, 0, 4000, 1000, 1);
            assertThat(big.byteCount()).isGreaterThan(25 * budget);

            DeliveryReceipt r = GatewayFixture.await(t.deliver(big));

            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(r.rowsLoaded()).isEqualTo(4000);
            assertThat(emu.table("it", "big_load").rowCount()).isEqualTo(4000);
            assertThat(gw.stats().peakBufferedBytes()).isLessThanOrEqualTo(budget);
            assertThat(gw.stats().bufferedBytes()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"through the FE", "straight into the BE"})
    void aLargeLoadDorisAlreadyHasIsAnsweredWithoutMovingItsPayload(String route) {
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start()) {
            GatewayFixture f = new GatewayFixture(emu);
            Map<String, String> doris = new HashMap<>(f.dorisSettings(Map.of()));
            if (route.startsWith("straight")) { // no FE to ask get_load_state: the BE's early answer must be read
                doris.remove("fe");
                doris.put("be", "127.0.0.1:" + emu.backendPorts().get(0));
            }
            try (IngestGateway gw = IngestGateway.builder().bind("127.0.0.1").port(0).doris(TransportConfig.of(doris)).maxChunk(64 << 10).start();
                 Transport t = GatewayFixture.transport(List.of(gw), Map.of("chunk-size", "16384"), PipelineListener.NONE)) {
                DorisTableId table = f.table("known_label");
                Batch batch = f.rows(t, table, 0, 2000, 500, 1);
                GatewayFixture.await(t.deliver(batch));
                long before = gw.stats().bytesReceived();
                assertThat(before).isEqualTo(batch.byteCount());

                DeliveryReceipt again = GatewayFixture.await(t.deliver(batch));

                assertThat(again.outcome()).isEqualTo(DeliveryOutcome.ALREADY_COMMITTED);
                assertThat(again.attempts()).isEqualTo(1);
                assertThat(gw.stats().bytesReceived() - before).as("payload bytes of the repeat that reached the gateway").isZero();
                assertThat(f.committedLoads(batch.label())).isEqualTo(1);
                assertThat(emu.table("it", "known_label").rowCount()).isEqualTo(2000);
            }
        }
    }
}
