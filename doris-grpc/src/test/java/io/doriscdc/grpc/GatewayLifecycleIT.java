package io.doriscdc.grpc;

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
import io.doriscdc.grpc.proto.DorisIngestGrpc;
import io.doriscdc.grpc.proto.LoadStateRequest;
import io.doriscdc.grpc.proto.TxnRequest;
import io.doriscdc.grpc.proto.TxnStatus;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graceful shutdown, and the two-phase control calls (Commit, Abort, LoadState) of the gateway. */
class GatewayLifecycleIT {

    static DorisEmulator emu;
    static GatewayFixture f;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
        f = new GatewayFixture(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @AfterEach
    void clearFaults() {
        emu.faults().clear();
    }

    @Test
    void gracefulCloseFinishesTheLoadInFlightAndRefusesNewOnes() {
        IngestGateway gw = f.gateway(Map.of()).start();
        try (Transport t = GatewayFixture.transport(List.of(gw), Map.of("max-attempts", "1"), PipelineListener.NONE)) {
            DorisTableId table = f.table("graceful");
            Batch inFlight = f.rows(t, table, 0, 100, 10, 1);
            emu.faults().delayResponses(Duration.ofMillis(800));
            long begun = emu.counters().loadsBegun();
            CompletableFuture<DeliveryReceipt> pending = t.deliver(inFlight);
            await().atMost(Duration.ofSeconds(20)).until(() -> emu.counters().loadsBegun() > begun);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gw::close);

            DeliveryReceipt r = GatewayFixture.await(pending);
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(r.attempts()).isEqualTo(1);
            closing.join();
            Throwable refused = GatewayFixture.failure(t.deliver(f.rows(t, table, 100, 110, 1, 1)));
            assertThat(refused).isInstanceOf(TransportException.class).hasMessageContaining("UNAVAILABLE");
            assertThat(emu.table("it", "graceful").rowCount()).isEqualTo(100);
        } finally {
            gw.close();
        }
    }

    @Test
    void precommittedLoadsAreCommittedOrAbortedThroughTheGateway() throws Exception {
        DorisTableId table = f.table("twopc");
        String committed = "g2pc-commit-" + System.nanoTime();
        String aborted = "g2pc-abort-" + System.nanoTime();
        precommit(table, committed, 1);
        precommit(table, aborted, 2);
        try (IngestGateway gw = f.gateway(Map.of()).start()) {
            ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", gw.port(), InsecureChannelCredentials.create()).build();
            try {
                var stub = DorisIngestGrpc.newBlockingStub(ch);
                TxnRequest commit = TxnRequest.newBuilder().setDb("it").setTable("twopc").setLabel(committed).build();
                assertThat(stub.loadState(LoadStateRequest.newBuilder().setDb("it").setLabel(committed).build()).getState())
                        .isEqualTo("PRECOMMITTED");
                assertThat(stub.commit(commit).getStatus()).isEqualTo(TxnStatus.TXN_COMMITTED);
                assertThat(stub.commit(commit).getStatus()).isEqualTo(TxnStatus.TXN_ALREADY_COMMITTED);
                assertThat(stub.loadState(LoadStateRequest.newBuilder().setDb("it").setLabel(committed).build()).getState())
                        .isIn("COMMITTED", "VISIBLE");

                TxnRequest abort = TxnRequest.newBuilder().setDb("it").setTable("twopc").setLabel(aborted).build();
                assertThat(stub.abort(abort).getStatus()).isEqualTo(TxnStatus.TXN_ABORTED);
                assertThat(stub.abort(abort).getStatus()).isEqualTo(TxnStatus.TXN_ABORTED);
                assertThat(stub.loadState(LoadStateRequest.newBuilder().setDb("it").setLabel(aborted).build()).getState())
                        .isEqualTo("ABORTED");
            } finally {
                ch.shutdownNow();
            }
        }
        assertThat(emu.table("it", "twopc").rows()).extracting(r -> r.get("id")).containsExactly(1L);
    }

    /** One two-phase Stream Load straight to the BE, left PRECOMMITTED. */
    private static void precommit(DorisTableId table, String label, long id) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("root:" + GatewayFixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emu.backendPorts().get(0) + "/api/" + table.database()
                        + "/" + table.table() + "/_stream_load"))
                .header("Authorization", "Basic " + auth).header("label", label).header("two_phase_commit", "true")
                .header("format", "json").header("read_json_by_line", "true")
                .header("columns", "id,name,__doris_cdc_version,__DORIS_DELETE_SIGN__")
                .header("function_column.sequence_col", "__doris_cdc_version")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"id\":" + id + ",\"name\":\"x\",\"__doris_cdc_version\":1,\"__DORIS_DELETE_SIGN__\":0}\n"))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).containsPattern("\"Status\"\\s*:\\s*\"Success\"").containsPattern("\"TwoPhaseCommit\"\\s*:\\s*\"true\"");
    }
}
