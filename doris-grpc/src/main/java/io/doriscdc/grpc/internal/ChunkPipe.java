package io.doriscdc.grpc.internal;

import com.google.protobuf.ByteString;
import io.doriscdc.streamload.LoadBody;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The body of one load on the gateway: chunks from the client's gRPC stream, written into the Stream
 * Load request as they arrive, read once (the client keeps the payload and sends it again when the load
 * has to be repeated). The writer (a Stream Load thread) waits for chunks; the gRPC side offers chunks
 * it was granted budget for. Every chunk's bytes are handed back exactly once: by the writer through
 * {@link Demand#consumed(long)} once written, or, when writing fails, together with the chunks still
 * queued; by {@link #abort(String)} for chunks never taken. Thread-safe.
 */
final class ChunkPipe implements LoadBody {

    /** What the load's call hears from the pipe, on the writer's thread. */
    interface Demand {
        /** The body is being written now: the first chunk may be asked for. */
        void started();

        /** {@code bytes} of chunks left the pipe (written, or dropped because writing failed): give them back and maybe ask for more. */
        void consumed(long bytes);
    }

    private final long length;
    private final Duration idleTimeout;
    private final Demand demand;
    private final ArrayDeque<ByteString> queue = new ArrayDeque<>();
    private boolean started;
    private String abortReason;

    ChunkPipe(long length, Duration idleTimeout, Demand demand) {
        this.length = length;
        this.idleTimeout = idleTimeout;
        this.demand = demand;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public synchronized boolean replayable() {
        return !started;
    }

    synchronized boolean isStarted() {
        return started;
    }

    /** False once aborted: no more chunks are wanted. */
    synchronized boolean isOpen() {
        return abortReason == null;
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Adds the next chunk; false if the pipe was aborted (the caller gives the bytes back). */
    synchronized boolean offer(ByteString chunk) {
        if (abortReason != null) {
            return false;
        }
        queue.add(chunk);
        notifyAll();
        return true;
    }

    /** Ends the pipe: a waiting writer fails with {@code reason}. Returns the bytes of chunks never taken, to give back. */
    synchronized long abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        long bytes = 0;
        for (ByteString c : queue) {
            bytes += c.size();
        }
        queue.clear();
        notifyAll();
        return bytes;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        synchronized (this) {
            if (started) {
                throw new IOException("a streamed load body can be written only once");
            }
            started = true;
        }
        demand.started();
        long written = 0;
        while (written < length) {
            ByteString chunk = take(written);
            try {
                chunk.writeTo(out);
            } catch (IOException | RuntimeException e) {
                demand.consumed(chunk.size() + abort("writing the body to Doris failed: " + e));
                throw e;
            }
            demand.consumed(chunk.size());
            written += chunk.size();
        }
    }

    private synchronized ByteString take(long written) throws IOException {
        long until = System.nanoTime() + idleTimeout.toNanos();
        while (queue.isEmpty() && abortReason == null) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                abortReason = "no payload arrived for " + idleTimeout.toMillis() + " ms";
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abortReason = "interrupted while waiting for payload";
                throw new IOException(abortReason, e);
            }
        }
        if (abortReason != null) {
            throw new IOException("load body ended after " + written + " of " + length + " bytes: " + abortReason);
        }
        return queue.poll();
    }
}
