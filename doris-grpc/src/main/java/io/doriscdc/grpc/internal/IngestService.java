package io.doriscdc.grpc.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.GatewayListener;
import io.doriscdc.grpc.proto.DorisIngestGrpc;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.grpc.proto.LoadStateReply;
import io.doriscdc.grpc.proto.LoadStateRequest;
import io.doriscdc.grpc.proto.TxnReply;
import io.doriscdc.grpc.proto.TxnRequest;
import io.doriscdc.grpc.proto.TxnStatus;
import io.doriscdc.streamload.StreamLoadClient;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** The {@code DorisIngest} service of the gateway. Thread-safe; one {@link LoadCall} per Load. */
public final class IngestService extends DorisIngestGrpc.DorisIngestImplBase {

    private final StreamLoadClient doris;
    private final GatewayLimits limits;
    private final MemoryBudget budget;
    private final GatewayCounters counters;
    private final GatewayListener listener;

    public IngestService(StreamLoadClient doris, GatewayLimits limits, MemoryBudget budget, GatewayCounters counters,
                         GatewayListener listener) {
        this.doris = doris;
        this.limits = limits;
        this.budget = budget;
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public StreamObserver<LoadRequest> load(StreamObserver<LoadReply> responseObserver) {
        return new LoadCall((ServerCallStreamObserver<LoadReply>) responseObserver, doris, limits, budget, counters, listener);
    }

    @Override
    public void commit(TxnRequest req, StreamObserver<TxnReply> out) {
        unary(out, () -> {
            return reply(doris.commit(table(req.getDb(), req.getTable()), label(req), req.getTxnId() > 0 ? req.getTxnId() : -1));
        });
    }

    @Override
    public void abort(TxnRequest req, StreamObserver<TxnReply> out) {
        unary(out, () -> {
            return reply(doris.abort(table(req.getDb(), req.getTable()), label(req), req.getTxnId() > 0 ? req.getTxnId() : -1));
        });
    }

    @Override
    public void loadState(LoadStateRequest req, StreamObserver<LoadStateReply> out) {
        unary(out, () -> LoadStateReply.newBuilder()
                .setState(doris.loadState(table(req.getDb(), "unused").database(), BatchLabels.requireValid(req.getLabel()))).build());
    }

    private static TxnReply reply(StreamLoadClient.TxnOutcome outcome) {
        return TxnReply.newBuilder().setStatus(switch (outcome) {
            case COMMITTED -> TxnStatus.TXN_COMMITTED;
            case ALREADY_COMMITTED -> TxnStatus.TXN_ALREADY_COMMITTED;
            case ABORTED -> TxnStatus.TXN_ABORTED;
            case NOT_FOUND -> TxnStatus.TXN_NOT_FOUND;
        }).build();
    }

    private static String label(TxnRequest req) {
        if (req.getTxnId() > 0 && req.getLabel().isEmpty()) {
            return "txn-" + req.getTxnId();
        }
        return BatchLabels.requireValid(req.getLabel());
    }

    private static DorisTableId table(String db, String table) {
        return DorisTableId.of(db, table.isEmpty() ? "unused" : table);
    }

    /** Runs a blocking control call, mapping failures to gRPC statuses the client can classify. */
    static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (TransportException e) {
            out.onError((e.retryable() ? Status.UNAVAILABLE : Status.FAILED_PRECONDITION).withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (IllegalArgumentException | CdcException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }
}
