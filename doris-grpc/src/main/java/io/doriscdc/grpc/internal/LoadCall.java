package io.doriscdc.grpc.internal;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.GatewayListener;
import io.doriscdc.grpc.proto.LoadHeader;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.grpc.proto.LoadStatus;
import io.doriscdc.streamload.internal.LoadPart;
import io.doriscdc.streamload.internal.StreamLoadPayload;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Load call on the gateway: header, budget reservation, chunks copied into the reserved payload
 * buffer, then one Stream Load through {@link DorisBackend}. The client's stream is paused (no
 * {@code request(1)}) until the payload's bytes are reserved, so gRPC flow control carries a slow BE's
 * pace back to the client. The budget is released only when the load ends in Doris, because the Stream
 * Load retries re-send the same bytes. gRPC calls the observer methods one at a time; a grant may come
 * from another thread, hence the lock.
 */
final class LoadCall implements StreamObserver<LoadRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(LoadCall.class);
    private static final Pattern ERROR_URL = Pattern.compile("(https?://[^\\s)]*_load_error_log[^\\s)]*)");

    private final ServerCallStreamObserver<LoadReply> out;
    private final DorisBackend doris;
    private final MemoryBudget budget;
    private final GatewayCounters counters;
    private final GatewayListener listener;
    private final Deadline deadline = Context.current().getDeadline();
    private final long startNanos = System.nanoTime();

    private LoadHeader header;
    private byte[] body;
    private int received;
    private long reserved;
    private MemoryBudget.Waiter waiter;
    private boolean ended;
    private boolean loading;

    LoadCall(ServerCallStreamObserver<LoadReply> out, DorisBackend doris, MemoryBudget budget, GatewayCounters counters,
             GatewayListener listener) {
        this.out = out;
        this.doris = doris;
        this.budget = budget;
        this.counters = counters;
        this.listener = listener;
        out.disableAutoRequest();
        out.setOnCancelHandler(this::cancelled);
        counters.inFlight.incrementAndGet();
        out.request(1);
    }

    @Override
    public void onNext(LoadRequest req) {
        if (header == null) {
            if (!req.hasHeader()) {
                end(Status.INVALID_ARGUMENT.withDescription("the first message of a Load must be its header"));
                return;
            }
            onHeader(req.getHeader());
            return;
        }
        if (!req.hasChunk()) {
            end(Status.INVALID_ARGUMENT.withDescription("load " + header.getLabel() + ": only payload chunks may follow the header"));
            return;
        }
        int n = req.getChunk().size();
        long soFar;
        boolean overflow = false;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (body == null || received + (long) n > body.length) {
                overflow = true;
            } else {
                req.getChunk().copyTo(body, received);
                received += n;
            }
            soFar = received;
        }
        if (overflow) {
            end(Status.INVALID_ARGUMENT.withDescription("load " + header.getLabel() + ": more payload than the "
                    + header.getPayloadBytes() + " bytes its header announced"));
            return;
        }
        counters.bytesReceived.addAndGet(n);
        safely(() -> listener.chunkReceived(header.getLabel(), soFar, header.getPayloadBytes()));
        out.request(1);
    }

    private void onHeader(LoadHeader h) {
        header = h;
        String problem = validate(h);
        if (problem != null) {
            end(Status.INVALID_ARGUMENT.withDescription(problem));
            return;
        }
        if (h.getPayloadBytes() > budget.capacity()) {
            end(Status.FAILED_PRECONDITION.withDescription("load " + h.getLabel() + " has " + h.getPayloadBytes()
                    + " payload bytes, more than the gateway's whole buffer budget (" + budget.capacity()
                    + "); lower the pipeline's batch size or raise the gateway's max-buffer"));
            return;
        }
        safely(() -> listener.loadStarted(h.getLabel(), h.getPayloadBytes()));
        MemoryBudget.Waiter w = budget.reserve(h.getPayloadBytes(), this::granted);
        synchronized (this) {
            if (reserved == 0) {
                waiter = w;
            }
        }
    }

    private static String validate(LoadHeader h) {
        if (!BatchLabels.LABEL.matcher(h.getLabel()).matches()) {
            return "invalid label '" + h.getLabel() + "': it must match " + BatchLabels.LABEL.pattern();
        }
        try {
            DorisTableId.of(h.getDb(), h.getTable());
            LoadHeaders.fromProto(h);
        } catch (RuntimeException e) {
            return "load " + h.getLabel() + ": " + e.getMessage();
        }
        if (h.getPayloadBytes() < 1 || h.getPayloadBytes() > Integer.MAX_VALUE - 16) {
            return "load " + h.getLabel() + ": payload_bytes must be 1.." + (Integer.MAX_VALUE - 16) + ", got " + h.getPayloadBytes();
        }
        if (Long.compareUnsigned(h.getFirstLsn(), h.getLastLsn()) > 0) {
            return "load " + h.getLabel() + ": first_lsn is after last_lsn";
        }
        return null;
    }

    private void granted() {
        long giveBack = 0;
        synchronized (this) {
            reserved = header.getPayloadBytes();
            waiter = null;
            if (ended) {
                giveBack = reserved;
                reserved = 0;
            } else {
                body = new byte[(int) reserved];
            }
        }
        if (giveBack > 0) {
            budget.release(giveBack);
            return;
        }
        out.request(1);
    }

    @Override
    public void onError(Throwable t) {
        cancelled();
    }

    private void cancelled() {
        long giveBack;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (loading) {
                LOG.info("client of load {} went away while it loads; it goes on in Doris, and a retry under the same label will find it",
                        header.getLabel());
                return;
            }
            giveBack = freeLocked();
        }
        release(giveBack);
        counters.loadsFailed.incrementAndGet();
        counters.inFlight.decrementAndGet();
        safely(() -> listener.loadFinished(header == null ? "" : header.getLabel(), Status.Code.CANCELLED.name(), elapsedMillis()));
    }

    @Override
    public void onCompleted() {
        Batch batch;
        Status problem = null;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (header == null || body == null || received != body.length) {
                problem = Status.INVALID_ARGUMENT.withDescription("load " + (header == null ? "without a header" : header.getLabel())
                        + " ended after " + received + " of " + (header == null ? 0 : header.getPayloadBytes()) + " payload bytes");
            } else if (deadline != null && deadline.isExpired()) {
                problem = Status.DEADLINE_EXCEEDED.withDescription("load " + header.getLabel()
                        + ": the deadline passed before the payload was complete");
            }
        }
        if (problem != null) {
            end(problem);
            return;
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            Map<String, String> headers = LoadHeaders.fromProto(header);
            LoadPart part = new LoadPart("", headers, body, received, header.getRows());
            batch = new Batch(DorisTableId.of(header.getDb(), header.getTable()), header.getLabel(), Lsn.of(header.getFirstLsn()),
                    Lsn.of(header.getLastLsn()), StreamLoadPayload.of(List.of(part)));
            loading = true;
        }
        if (deadline != null) {
            LOG.debug("load {} starts with {} ms left of its deadline", header.getLabel(), deadline.timeRemaining(TimeUnit.MILLISECONDS));
        }
        doris.load(batch, header.getTwoPhaseCommit()).whenComplete(this::loaded);
    }

    private void loaded(DeliveryReceipt r, Throwable failure) {
        LoadReply.Builder reply = LoadReply.newBuilder().setLabel(header.getLabel()).setBytes(received)
                .setElapsedMs(elapsedMillis());
        if (r != null) {
            reply.setStatus(switch (r.outcome()) {
                case COMMITTED -> LoadStatus.COMMITTED;
                case COMMITTED_PUBLISH_PENDING -> LoadStatus.COMMITTED_PUBLISH_PENDING;
                case ALREADY_COMMITTED -> LoadStatus.ALREADY_COMMITTED;
            }).setTxnId(r.txnId()).setRowsLoaded(r.rowsLoaded()).setRowsFiltered(r.rowsFiltered()).setAttempts(r.attempts());
        } else {
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean retryable = !(t instanceof TransportException te) || te.retryable();
            String message = String.valueOf(t.getMessage());
            Matcher m = ERROR_URL.matcher(message);
            reply.setStatus(LoadStatus.FAILED).setTxnId(-1).setRetryable(retryable).setMessage(message)
                    .setErrorUrl(m.find() ? m.group(1) : "");
        }
        LoadReply done = reply.build();
        boolean answer;
        long giveBack;
        synchronized (this) {
            answer = !ended;
            ended = true;
            loading = false;
            giveBack = freeLocked();
        }
        release(giveBack);
        (done.getStatus() == LoadStatus.FAILED ? counters.loadsFailed : counters.loadsSucceeded).incrementAndGet();
        counters.inFlight.decrementAndGet();
        safely(() -> listener.loadFinished(header.getLabel(), done.getStatus().name(), elapsedMillis()));
        if (answer) {
            try {
                out.onNext(done);
                out.onCompleted();
            } catch (RuntimeException e) {
                LOG.debug("reply of load {} not sent: {}", header.getLabel(), e.toString());
            }
        } else {
            LOG.info("load {} ended {} after its client went away", header.getLabel(), done.getStatus());
        }
    }

    /** Ends the call with an error status (caller holds no lock or this lock). */
    private void end(Status status) {
        long giveBack;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            giveBack = freeLocked();
        }
        release(giveBack);
        counters.loadsFailed.incrementAndGet();
        counters.inFlight.decrementAndGet();
        String label = header == null ? "" : header.getLabel();
        safely(() -> listener.loadFinished(label, status.getCode().name(), elapsedMillis()));
        try {
            out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            LOG.debug("error of load {} not sent: {}", label, e.toString());
        }
    }

    /** Withdraws a waiting reservation and returns the reserved bytes to release once the lock is let go. */
    private long freeLocked() {
        if (waiter != null && waiter.cancel()) {
            waiter = null;
        }
        long bytes = reserved;
        reserved = 0;
        body = null;
        return bytes;
    }

    private void release(long bytes) {
        if (bytes > 0) {
            budget.release(bytes);
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("gateway listener threw; ignored", e);
        }
    }
}
