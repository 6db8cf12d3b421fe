package io.doriscdc.grpc.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchCompletion;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.RetryPolicy;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.GrpcSettings;
import io.doriscdc.grpc.proto.LoadHeader;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadPayload;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of one batch through the gateways: its Stream Load parts in order, each one Load call
 * (header, then the part's bytes in chunks sent only while the stream is ready, so the gateway's flow
 * control paces us), each committed before the next starts. A failed attempt is sent again, under the
 * same label, to the next gateway after a backoff; the label makes a repeat harmless. One attempt runs
 * at a time; the future completes exactly once.
 */
final class GrpcDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcDelivery.class);

    private final BatchCompletion completion;
    private final Batch batch;
    private final List<LoadPart> parts;
    private final GrpcSettings settings;
    private final RetryPolicy retry;
    private final GatewayChannels channels;
    private final ScheduledExecutorService scheduler;

    private int partIndex;
    private int failures;
    private volatile boolean closing;
    private volatile ScheduledFuture<?> scheduled;
    private volatile ClientCallStreamObserver<LoadRequest> current;

    GrpcDelivery(BatchCompletion completion, GrpcSettings settings, RetryPolicy retry, GatewayChannels channels,
                 ScheduledExecutorService scheduler) {
        this.completion = completion;
        this.batch = completion.batch();
        this.parts = ((StreamLoadPayload) batch.payload()).parts();
        this.settings = settings;
        this.retry = retry;
        this.channels = channels;
        this.scheduler = scheduler;
    }

    CompletableFuture<DeliveryReceipt> future() {
        return completion.future();
    }

    void start() {
        if (parts.isEmpty()) {
            completion.complete();
        } else {
            send();
        }
    }

    /** The transport is closing: a delivery waiting for a retry fails now; one in a call is cancelled. */
    void close(boolean cancelCalls) {
        closing = true;
        ScheduledFuture<?> s = scheduled;
        if (s != null && s.cancel(false)) {
            completion.fail(closedError(null));
        }
        ClientCallStreamObserver<LoadRequest> c = current;
        if (cancelCalls && c != null) {
            c.cancel("transport closed", null);
        }
    }

    private TransportException closedError(Throwable cause) {
        return new TransportException("transport closed before batch " + batch.label() + " was delivered; deliver it again", true,
                batch.label(), cause);
    }

    private void send() {
        if (closing) {
            completion.fail(closedError(null));
            return;
        }
        LoadPart part = parts.get(partIndex);
        String label = part.label(batch.label());
        LoadHeader header = LoadHeaders.toProto(part.headers(), LoadHeader.newBuilder())
                .setDb(batch.target().database()).setTable(batch.target().table()).setLabel(label)
                .setTwoPhaseCommit(settings.twoPhaseCommit())
                .setFirstLsn(batch.first().commitLsn().value()).setFirstOrdinal(batch.first().ordinal())
                .setLastLsn(batch.last().commitLsn().value()).setLastOrdinal(batch.last().ordinal())
                .setPayloadBytes(part.length()).setRows(part.rows()).setChunkSize(settings.chunkSize()).build();
        int gateway = channels.pick();
        channels.ingest(gateway).withDeadlineAfter(settings.deadline().toNanos(), TimeUnit.NANOSECONDS)
                .load(new PartCall(part, header, gateway));
    }

    /** One Load call: streams the part while the call is ready, then waits for the reply. */
    private final class PartCall implements ClientResponseObserver<LoadRequest, LoadReply> {
        private final LoadBody.Bytes body;
        private final LoadHeader header;
        private final int gateway;
        private ClientCallStreamObserver<LoadRequest> out;
        private boolean headerSent;
        private int offset;
        private boolean halfClosed;
        private LoadReply reply;

        PartCall(LoadPart part, LoadHeader header, int gateway) {
            this.body = (LoadBody.Bytes) part.body();
            this.header = header;
            this.gateway = gateway;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<LoadRequest> requestStream) {
            this.out = requestStream;
            current = requestStream;
            requestStream.setOnReadyHandler(this::pump);
        }

        /** Called by gRPC, one at a time, whenever the stream can take more. */
        private void pump() {
            if (halfClosed) {
                return;
            }
            if (!headerSent) {
                out.onNext(LoadRequest.newBuilder().setHeader(header).build());
                headerSent = true;
            }
            int chunk = settings.chunkSize();
            while (offset < body.size() && out.isReady()) {
                int n = Math.min(chunk, body.size() - offset);
                out.onNext(LoadRequest.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(body.bytes(), offset, n)).build());
                offset += n;
            }
            if (offset >= body.size()) {
                halfClosed = true;
                out.onCompleted();
            }
        }

        @Override
        public void onNext(LoadReply r) {
            reply = r;
        }

        /**
         * gRPC calls back on the Netty event loop (the channel's direct executor), where the pump belongs; a finished
         * call goes on elsewhere, since it may complete the future, call the listener and start the next part, and
         * code run from those must never hold up the event loop (a blocking SQL call there would wait for itself).
         */
        @Override
        public void onError(Throwable t) {
            offLoop(() -> failed(t));
        }

        @Override
        public void onCompleted() {
            offLoop(this::completed);
        }

        /** Runs on the transport's own thread; when that is gone (the transport closed), here. */
        private void offLoop(Runnable r) {
            try {
                scheduler.execute(r);
            } catch (RejectedExecutionException e) {
                r.run();
            }
        }

        private void failed(Throwable t) {
            current = null;
            Status s = Status.fromThrowable(t);
            if (closing && s.getCode() == Status.Code.CANCELLED) {
                completion.fail(closedError(t));
                return;
            }
            boolean retryable = switch (s.getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN, DATA_LOSS -> true;
                default -> false;
            };
            retryLater(new TransportException("load " + header.getLabel() + " through gateway " + channels.name(gateway) + " failed: "
                    + s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription()), retryable, batch.label(), t));
        }

        private void completed() {
            current = null;
            LoadReply r = reply;
            if (r == null) {
                retryLater(new TransportException("load " + header.getLabel() + ": gateway " + channels.name(gateway)
                        + " ended the call without a reply", true, batch.label()));
                return;
            }
            completion.extraAttempts(r.getAttempts() - 1);
            switch (r.getStatus()) {
                case COMMITTED -> partDone(false, false, r);
                case COMMITTED_PUBLISH_PENDING -> partDone(false, true, r);
                case ALREADY_COMMITTED -> partDone(true, false, r);
                default -> retryLater(new TransportException(r.getMessage().isEmpty()
                        ? "load " + header.getLabel() + " failed at gateway " + channels.name(gateway) + " (" + r.getStatus() + ")"
                        : r.getMessage(), r.getRetryable(), batch.label()));
            }
        }
    }

    private void partDone(boolean already, boolean pending, LoadReply r) {
        completion.loadCommitted(already, pending, r.getTxnId(), r.getRowsLoaded(), r.getRowsFiltered());
        failures = 0;
        partIndex++;
        if (partIndex == parts.size()) {
            completion.complete();
        } else {
            send();
        }
    }

    private void retryLater(TransportException e) {
        failures++;
        if (!e.retryable()) {
            completion.fail(e);
            return;
        }
        if (closing) {
            completion.fail(closedError(e));
            return;
        }
        Duration elapsed = completion.elapsed();
        Duration delay = retry.next(failures, elapsed).orElse(null);
        if (delay == null) {
            completion.fail(new TransportException("gave up on batch " + batch.label() + " after " + retry.giveUpReason(failures, elapsed)
                    + ": " + e.getMessage(), true, batch.label(), e));
            return;
        }
        LOG.info("batch {} attempt {} failed, retrying in {} ms: {}", batch.label(), failures, delay.toMillis(), e.getMessage());
        completion.retrying(failures, e, delay);
        try {
            scheduled = scheduler.schedule(this::send, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            completion.fail(closedError(ex));
        }
    }
}
