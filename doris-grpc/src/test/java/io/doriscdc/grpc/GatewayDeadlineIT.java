package io.doriscdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.emulator.LoadRecord;
import io.doriscdc.grpc.proto.DorisIngestGrpc;
import io.doriscdc.grpc.proto.LoadHeader;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadPayload;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's deadline reaches Doris as the load's {@code timeout}, and a call that ends before its
 * payload is complete (cancelled by the client, or its deadline passed) aborts its Stream Load: Doris
 * commits nothing of it, the gateway gives its buffer back, and the batch, sent again under its label,
 * is committed once.
 */
class GatewayDeadlineIT {

    static DorisEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    private static String timeoutHeader(String label) {
        return emu.loads().stream().filter(l -> l.label().equals(label)).map(LoadRecord::headers).map(h -> h.get("timeout"))
                .findFirst().orElseThrow();
    }

    @Test
    void theClientsDeadlineBecomesTheLoadTimeoutCappedByTheGateways() {
        GatewayFixture f = new GatewayFixture(emu);
        try (IngestGateway gw = f.gateway(Map.of("load-timeout", "10s")).start();
             Transport shortDeadline = GatewayFixture.transport(List.of(gw), Map.of("deadline", "7s"), PipelineListener.NONE);
             Transport longDeadline = GatewayFixture.transport(List.of(gw), Map.of("deadline", "1m"), PipelineListener.NONE)) {
            DorisTableId table = f.table("timeouts");
            Batch a = f.rows(shortDeadline, table, 0, 10, 10, 1);
            Batch b = f.rows(longDeadline, table, 10, 20, 10, 1);

            GatewayFixture.await(shortDeadline.deliver(a));
            GatewayFixture.await(longDeadline.deliver(b));

            assertThat(timeoutHeader(a.label())).isEqualTo("7");
            assertThat(timeoutHeader(b.label())).isEqualTo("10");
        }
    }

    @Test
    void aCallCancelledMidStreamAbortsItsStreamLoadAndTheRetryCommitsOnce() throws Exception {
        GatewayFixture f = new GatewayFixture(emu);
        try (IngestGateway gw = f.gateway(Map.of()).maxChunk(64 << 10).start();
             Transport t = GatewayFixture.transport(List.of(gw), Map.of("chunk-size", "16384"), PipelineListener.NONE)) {
            DorisTableId table = f.table("cancelled");
            Batch b = f.rows(t, table, 0, 3000, 100, 1);
            LoadPart part = ((StreamLoadPayload) b.payload()).parts().get(0);
            LoadBody.Bytes body = (LoadBody.Bytes) part.body();
            assertThat(body.size()).isGreaterThan(4 * 16384);

            ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", gw.port(), InsecureChannelCredentials.create()).build();
            Context.CancellableContext call = Context.current().withCancellation();
            try {
                StreamObserver<LoadRequest> out = call.call(() -> DorisIngestGrpc.newStub(ch).load(new StreamObserver<LoadReply>() {
                    @Override
                    public void onNext(LoadReply value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
                out.onNext(LoadRequest.newBuilder().setHeader(LoadHeader.newBuilder().setDb(table.database()).setTable(table.table())
                        .setLabel(b.label()).setFormat("json").setPayloadBytes(body.size()).setChunkSize(16384)
                        .putAllProperties(Map.of("read_json_by_line", "true"))
                        .addAllColumns(Arrays.asList(part.headers().get("columns").split(",")))
                        .setSequenceColumn(part.headers().get("function_column.sequence_col"))).build());
                out.onNext(LoadRequest.newBuilder().setChunk(ByteString.copyFrom(body.bytes(), 0, 16384)).build());
                await().atMost(Duration.ofSeconds(10)).until(() -> gw.stats().bytesReceived() >= 16384);
                call.cancel(null); // the client goes away half-way
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> gw.stats().loadsInFlight() == 0);
            assertThat(gw.stats().bufferedBytes()).isZero();
            assertThat(f.committedLoads(b.label())).isZero();
            assertThat(emu.table("it", "cancelled").rowCount()).isZero();

            GatewayFixture.await(t.deliver(b));
            assertThat(f.committedLoads(b.label())).isEqualTo(1);
            assertThat(emu.table("it", "cancelled").rowCount()).isEqualTo(3000);
        }
    }
}
