package io.doriscdc.grpc.internal;

import com.google.protobuf.UnsafeByteOperations;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.GrpcSettings;
import io.doriscdc.grpc.proto.LoadHeader;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.streamload.internal.LoadPart;
import io.doriscdc.streamload.internal.PartLabels;
import io.doriscdc.streamload.internal.StreamLoadPayload;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
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

    private final Batch batch;
    private final List<LoadPart> parts;
    private final GrpcSettings settings;
    private final GatewayChannels channels;
    private final ScheduledExecutorService scheduler;
    private final PipelineListener listener;
    private final Runnable onDone;
    final CompletableFuture<DeliveryReceipt> future = new CompletableFuture<>();

    private final long startNanos = System.nanoTime();
    private int partIndex;
    private int failures;
    private int attempts;
    private long txnId = -1;
    private long rowsLoaded;
    private long rowsFiltered;
    private boolean allAlready = true;
    private boolean publishPending;
    private volatile boolean closing;
    private volatile ScheduledFuture<?> scheduled;
    private volatile ClientCallStreamObserver<LoadRequest> current;

    GrpcDelivery(Batch batch, GrpcSettings settings, GatewayChannels channels, ScheduledExecutorService scheduler,
                 PipelineListener listener, Runnable onDone) {
        this.batch = batch;
        this.parts = ((StreamLoadPayload) batch.payload()).parts();
        this.settings = settings;
        this.channels = channels;
        this.scheduler = scheduler;
        this.listener = listener;
        this.onDone = onDone;
    }

    void start() {
        if (parts.isEmpty()) {
            complete();
        } else {
            send();
        }
    }

    /** The transport is closing: a delivery waiting for a retry fails now; one in a call is cancelled. */
    void close(boolean cancelCalls) {
        closing = true;
        ScheduledFuture<?> s = scheduled;
        if (s != null && s.cancel(false)) {
            fail(closedError(null));
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
            fail(closedError(null));
            return;
        }
        LoadPart part = parts.get(partIndex);
        String label = PartLabels.of(batch.label(), part.labelSuffix());
        LoadHeader header = LoadHeaders.toProto(part.headers(), LoadHeader.newBuilder())
                .setDb(batch.target().database()).setTable(batch.target().table()).setLabel(label)
                .setTwoPhaseCommit(settings.twoPhaseCommit())
                .setFirstLsn(batch.firstLsn().value()).setLastLsn(batch.lastLsn().value())
                .setPayloadBytes(part.length()).setRows(part.rows()).build();
        int gateway = channels.pick();
        attempts++;
        channels.ingest(gateway).withDeadlineAfter(settings.deadline().toNanos(), TimeUnit.NANOSECONDS)
                .load(new PartCall(part, header, gateway));
    }

    /** One Load call: streams the part while the call is ready, then waits for the reply. */
    private final class PartCall implements ClientResponseObserver<LoadRequest, LoadReply> {
        private final LoadPart part;
        private final LoadHeader header;
        private final int gateway;
        private ClientCallStreamObserver<LoadRequest> out;
        private boolean headerSent;
        private int offset;
        private boolean halfClosed;
        private LoadReply reply;

        PartCall(LoadPart part, LoadHeader header, int gateway) {
            this.part = part;
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
            while (offset < part.length() && out.isReady()) {
                int n = Math.min(chunk, part.length() - offset);
                out.onNext(LoadRequest.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(part.body(), offset, n)).build());
                offset += n;
            }
            if (offset >= part.length()) {
                halfClosed = true;
                out.onCompleted();
            }
        }

        @Override
        public void onNext(LoadReply r) {
            reply = r;
        }

        @Override
        public void onError(Throwable t) {
            current = null;
            Status s = Status.fromThrowable(t);
            if (closing && s.getCode() == Status.Code.CANCELLED) {
                fail(closedError(t));
                return;
            }
            boolean retryable = switch (s.getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN, DATA_LOSS -> true;
                default -> false;
            };
            retryLater(new TransportException("load " + header.getLabel() + " through gateway " + channels.name(gateway) + " failed: "
                    + s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription()), retryable, batch.label(), t));
        }

        @Override
        public void onCompleted() {
            current = null;
            LoadReply r = reply;
            if (r == null) {
                retryLater(new TransportException("load " + header.getLabel() + ": gateway " + channels.name(gateway)
                        + " ended the call without a reply", true, batch.label()));
                return;
            }
            attempts += Math.max(0, r.getAttempts() - 1);
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
        allAlready &= already;
        publishPending |= pending;
        if (r.getTxnId() >= 0) {
            txnId = r.getTxnId();
        }
        rowsLoaded += r.getRowsLoaded();
        rowsFiltered += r.getRowsFiltered();
        failures = 0;
        partIndex++;
        if (partIndex == parts.size()) {
            complete();
        } else {
            send();
        }
    }

    private void retryLater(TransportException e) {
        failures++;
        if (!e.retryable()) {
            fail(e);
            return;
        }
        if (closing) {
            fail(closedError(e));
            return;
        }
        if (failures >= settings.maxAttempts()) {
            fail(new TransportException("gave up on batch " + batch.label() + " after " + failures + " failed attempt(s) (max-attempts "
                    + settings.maxAttempts() + "): " + e.getMessage(), true, batch.label(), e));
            return;
        }
        Duration delay = backoff(failures);
        LOG.info("batch {} attempt {} failed, retrying in {} ms: {}", batch.label(), failures, delay.toMillis(), e.getMessage());
        safely(() -> listener.deliveryRetry(batch, failures, e, delay));
        try {
            scheduled = scheduler.schedule(this::send, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            fail(closedError(ex));
        }
    }

    /** Exponential, each wait drawn between half and all of the current bound. */
    private Duration backoff(int failure) {
        long bound = settings.initialBackoff().toNanos() << Math.min(20, failure - 1);
        bound = Math.min(bound <= 0 ? Long.MAX_VALUE : bound, settings.maxBackoff().toNanos());
        return Duration.ofNanos(bound / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (bound / 2)));
    }

    private void complete() {
        DeliveryOutcome outcome = parts.isEmpty() ? DeliveryOutcome.COMMITTED
                : allAlready ? DeliveryOutcome.ALREADY_COMMITTED
                : publishPending ? DeliveryOutcome.COMMITTED_PUBLISH_PENDING : DeliveryOutcome.COMMITTED;
        DeliveryReceipt receipt = new DeliveryReceipt(batch.label(), txnId, outcome, rowsLoaded, rowsFiltered, batch.byteCount(),
                Math.max(1, attempts), Duration.ofNanos(System.nanoTime() - startNanos));
        onDone.run();
        safely(() -> listener.batchDelivered(batch, receipt));
        future.complete(receipt);
    }

    private void fail(TransportException e) {
        if (future.isDone()) {
            return;
        }
        onDone.run();
        safely(() -> listener.deliveryFailed(batch, e));
        future.completeExceptionally(e);
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline listener threw; ignored", e);
        }
    }
}
