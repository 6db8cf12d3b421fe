package io.doriscdc.grpc.internal;

import com.google.protobuf.ByteString;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.GatewayListener;
import io.doriscdc.grpc.proto.LoadHeader;
import io.doriscdc.grpc.proto.LoadReply;
import io.doriscdc.grpc.proto.LoadRequest;
import io.doriscdc.grpc.proto.LoadStatus;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadClient;
import io.doriscdc.streamload.StreamLoadPayload;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Load call on the gateway, streamed: the header starts a Stream Load at once (its body a
 * {@link ChunkPipe} of the payload size, sent as {@code Content-Length}); chunks are asked from the
 * client only once Doris reads the body, one at a time, each after its bytes were reserved from the
 * gateway's budget, and at most {@link #QUEUED} wait for the writer. So a slow BE slows the client
 * through gRPC flow control, memory stays bounded however large the load, and a load Doris answers
 * without reading the body (Label Already Exists) moves no payload at all. The client's deadline
 * becomes Doris's load timeout, and a call that is cancelled or expires aborts its Stream Load request
 * before the body is complete (Doris never sees its end; once the body is complete Doris may still
 * commit it, and a repeat under the same label finds it). The body is streamed once: a load that must
 * be sent again is answered FAILED and retryable, for the client to send it again under the same
 * label. gRPC calls the observer methods one at a time, on the event loop; the writer and budget grants
 * come from other threads, hence the lock.
 */
final class LoadCall implements StreamObserver<LoadRequest>, ChunkPipe.Demand {

    private static final Logger LOG = LoggerFactory.getLogger(LoadCall.class);
    private static final Pattern ERROR_URL = Pattern.compile("(https?://[^\\s)]*_load_error_log[^\\s)]*)");
    /** Chunks received but not yet written, per load. */
    static final int QUEUED = 4;

    private final ServerCallStreamObserver<LoadReply> out;
    private final StreamLoadClient doris;
    private final GatewayLimits limits;
    private final MemoryBudget budget;
    private final GatewayCounters counters;
    private final GatewayListener listener;
    private final Deadline deadline = Context.current().getDeadline();
    private final long startNanos = System.nanoTime();

    private LoadHeader header;
    private int chunkBound;
    private ChunkPipe pipe;
    private CompletableFuture<DeliveryReceipt> load;
    private long received;
    private long reservedForNext;
    private boolean asking;
    private long asks;
    private MemoryBudget.Waiter waiter;
    private boolean ended;

    LoadCall(ServerCallStreamObserver<LoadReply> out, StreamLoadClient doris, GatewayLimits limits, MemoryBudget budget,
             GatewayCounters counters, GatewayListener listener) {
        this.out = out;
        this.doris = doris;
        this.limits = limits;
        this.budget = budget;
        this.counters = counters;
        this.listener = listener;
        out.disableAutoRequest();
        out.setOnCancelHandler(() -> cancelled(deadline != null && deadline.isExpired()
                ? "the client's deadline passed" : "the client cancelled the call or went away"));
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
        ByteString chunk = req.getChunk();
        int n = chunk.size();
        String problem = null;
        long giveBack = 0;
        long soFar;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (n > reservedForNext) {
                problem = "load " + header.getLabel() + ": a chunk of " + n + " bytes is larger than its chunk_size "
                        + chunkBound + " or came unasked";
            } else if (received + n > header.getPayloadBytes()) {
                problem = "load " + header.getLabel() + ": more payload than the " + header.getPayloadBytes() + " bytes its header announced";
            } else {
                received += n;
                giveBack = reservedForNext - n;
                reservedForNext = 0;
                if (!pipe.offer(chunk)) {
                    giveBack += n;
                }
            }
            soFar = received;
        }
        if (problem != null) {
            end(Status.INVALID_ARGUMENT.withDescription(problem));
            return;
        }
        release(giveBack);
        counters.bytesReceived.addAndGet(n);
        safely(() -> listener.chunkReceived(header.getLabel(), soFar, header.getPayloadBytes()));
        askMore();
    }

    private void onHeader(LoadHeader h) {
        header = h;
        String problem = validate(h);
        if (problem != null) {
            end(Status.INVALID_ARGUMENT.withDescription(problem));
            return;
        }
        chunkBound = h.getChunkSize() > 0 ? h.getChunkSize() : limits.maxChunk();
        if (chunkBound > limits.maxChunk() || chunkBound > budget.capacity()) {
            end(Status.FAILED_PRECONDITION.withDescription("load " + h.getLabel() + ": chunk_size " + chunkBound
                    + " is more than the gateway's max-chunk (" + limits.maxChunk() + ") or max-buffer (" + budget.capacity()
                    + "); lower the pipeline's chunk-size"));
            return;
        }
        Duration timeout = limits.loadTimeout();
        if (deadline != null) {
            long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
            if (left <= 0) {
                end(Status.DEADLINE_EXCEEDED.withDescription("load " + h.getLabel() + ": the deadline passed before the load started"));
                return;
            }
            timeout = Duration.ofMillis(Math.min(left, timeout.toMillis()));
        }
        safely(() -> listener.loadStarted(h.getLabel(), h.getPayloadBytes()));
        LoadPart part = new LoadPart("", LoadHeaders.fromProto(h), new ChunkPipe(h.getPayloadBytes(), limits.idleTimeout(), this),
                h.getRows());
        Batch batch = new Batch(DorisTableId.of(h.getDb(), h.getTable()), h.getLabel(), first(h), last(h),
                StreamLoadPayload.of(List.of(part)));
        CompletableFuture<DeliveryReceipt> f;
        synchronized (this) {
            pipe = (ChunkPipe) part.body();
            f = doris.load(batch, h.getTwoPhaseCommit(), timeout, PipelineListener.NONE);
            load = f;
        }
        f.whenComplete(this::loaded);
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
        if (h.getPayloadBytes() < 1 || h.getPayloadBytes() > Long.MAX_VALUE / 2) {
            return "load " + h.getLabel() + ": payload_bytes must be at least 1, got " + Long.toUnsignedString(h.getPayloadBytes());
        }
        try {
            if (first(h).isAfter(last(h))) {
                return "load " + h.getLabel() + ": the first position " + first(h) + " is after the last " + last(h);
            }
        } catch (IllegalArgumentException e) {
            return "load " + h.getLabel() + ": " + e.getMessage();
        }
        return null;
    }

    private static StreamPosition first(LoadHeader h) {
        return new StreamPosition(Lsn.of(h.getFirstLsn()), h.getFirstOrdinal());
    }

    private static StreamPosition last(LoadHeader h) {
        return new StreamPosition(Lsn.of(h.getLastLsn()), h.getLastOrdinal());
    }

    @Override
    public void started() {
        askMore();
    }

    @Override
    public void consumed(long bytes) {
        release(bytes);
        askMore();
    }

    /** Reserves budget for the next chunk and then asks the client for it, when the body is being written and there is room. */
    private void askMore() {
        long need;
        long ask;
        synchronized (this) {
            if (ended || asking || reservedForNext > 0 || pipe == null || !pipe.isStarted() || !pipe.isOpen()
                    || received >= header.getPayloadBytes() || pipe.queued() >= QUEUED) {
                return;
            }
            asking = true;
            ask = ++asks;
            need = Math.min(chunkBound, header.getPayloadBytes() - received);
        }
        MemoryBudget.Waiter w = budget.reserve(need, () -> granted(need));
        synchronized (this) {
            if (asking && asks == ask) { // not granted yet: keep it, to withdraw it if the call ends first
                waiter = w;
            }
        }
    }

    private void granted(long bytes) {
        synchronized (this) {
            asking = false;
            waiter = null;
            if (!ended) {
                reservedForNext = bytes;
                bytes = 0;
            }
        }
        if (bytes > 0) {
            release(bytes);
            return;
        }
        out.request(1);
    }

    @Override
    public void onError(Throwable t) {
        cancelled("the client's stream failed: " + Status.fromThrowable(t));
    }

    /** The call is gone (cancelled, expired or broken): abort the Stream Load, whose body would otherwise wait. */
    private void cancelled(String why) {
        CompletableFuture<DeliveryReceipt> f;
        long giveBack;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            giveBack = freeLocked(why);
            f = load;
        }
        release(giveBack);
        if (f != null && !f.isDone()) {
            LOG.info("load {} stops: {}; its Stream Load request is aborted (a retry under the same label finds whatever Doris kept)",
                    header.getLabel(), why);
            f.cancel(true);
        }
        finished(Status.Code.CANCELLED.name());
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            if (ended || (header != null && received == header.getPayloadBytes())) {
                return;
            }
        }
        end(Status.INVALID_ARGUMENT.withDescription("load " + (header == null ? "without a header" : header.getLabel())
                + " ended after " + received + " of " + (header == null ? 0 : header.getPayloadBytes()) + " payload bytes"));
    }

    private void loaded(DeliveryReceipt r, Throwable failure) {
        if (failure instanceof CancellationException) {
            return; // this call cancelled it, and has ended already
        }
        LoadReply.Builder reply = LoadReply.newBuilder().setLabel(header.getLabel()).setBytes(received).setElapsedMs(elapsedMillis());
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
            reply.setStatus(LoadStatus.FAILED).setTxnId(-1).setRetryable(retryable).setMessage(message).setErrorUrl(m.find() ? m.group(1) : "");
        }
        LoadReply done = reply.build();
        long giveBack;
        synchronized (this) {
            if (ended) {
                LOG.info("load {} ended {} after its call had ended", header.getLabel(), done.getStatus());
                return;
            }
            ended = true;
            giveBack = freeLocked("the load ended");
        }
        release(giveBack);
        finished(done.getStatus().name());
        try {
            out.onNext(done);
            out.onCompleted();
        } catch (RuntimeException e) {
            LOG.debug("reply of load {} not sent: {}", header.getLabel(), e.toString());
        }
    }

    /** Ends the call with an error status, aborting the Stream Load if one started. */
    private void end(Status status) {
        CompletableFuture<DeliveryReceipt> f;
        long giveBack;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            giveBack = freeLocked(status.getDescription());
            f = load;
        }
        release(giveBack);
        if (f != null) {
            f.cancel(true);
        }
        finished(status.getCode().name());
        try {
            out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            LOG.debug("error of load {} not sent: {}", header == null ? "" : header.getLabel(), e.toString());
        }
    }

    /** Withdraws a waiting reservation, ends the pipe; returns the bytes to give back once the lock is let go. */
    private long freeLocked(String why) {
        long bytes = reservedForNext;
        reservedForNext = 0;
        if (waiter != null && waiter.cancel()) {
            waiter = null;
            asking = false;
        }
        if (pipe != null) {
            bytes += pipe.abort(why);
        }
        return bytes;
    }

    private void finished(String status) {
        (status.equals(LoadStatus.COMMITTED.name()) || status.equals(LoadStatus.COMMITTED_PUBLISH_PENDING.name())
                || status.equals(LoadStatus.ALREADY_COMMITTED.name()) ? counters.loadsSucceeded : counters.loadsFailed).incrementAndGet();
        counters.inFlight.decrementAndGet();
        String label = header == null ? "" : header.getLabel();
        safely(() -> listener.loadFinished(label, status, elapsedMillis()));
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
