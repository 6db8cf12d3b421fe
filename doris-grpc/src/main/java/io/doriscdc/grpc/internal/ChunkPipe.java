package io.doriscdc.grpc.internal;

import com.google.protobuf.ByteString;
import io.doriscdc.streamload.LoadBody;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of one load on the gateway: chunks from the client's gRPC stream, written into the Stream
 * Load request as they arrive. A streamed pipe is read once, and every chunk's bytes are handed back
 * exactly once, by the writer once written (or failed) or by {@link #abort(String)} if never taken. A
 * retaining pipe (small payloads) keeps its chunks, so it can be written again: on the BE after an FE
 * redirect (HttpClient writes bodies of up to 1 KiB to the FE on a 307) and on the gateway's own
 * retries; its bytes are handed back by {@link #abort(String)} when the load ends. The writer (a
 * Stream Load thread) waits for chunks; the gRPC side offers chunks it was granted budget for.
 * Thread-safe.
 */
final class ChunkPipe implements LoadBody {

    /** What the load's call hears from the pipe, on the writer's thread. */
    interface Demand {
        /** The body is being written now: the first chunk may be asked for. */
        void started();

        /** {@code bytes} of a chunk left the pipe (written or failed): give them back and maybe ask for more. */
        void consumed(int bytes);
    }

    private final long length;
    private final boolean retain;
    private final Duration idleTimeout;
    private final Demand demand;
    private final ArrayDeque<ByteString> queue = new ArrayDeque<>();
    private final List<ByteString> kept = new ArrayList<>();
    private boolean started;
    private String abortReason;

    ChunkPipe(long length, boolean retain, Duration idleTimeout, Demand demand) {
        this.length = length;
        this.retain = retain;
        this.idleTimeout = idleTimeout;
        this.demand = demand;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public synchronized boolean replayable() {
        return retain || !started;
    }

    synchronized boolean isStarted() {
        return started;
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

    /** Ends the pipe: a waiting writer fails with {@code reason}. Returns the bytes of chunks never taken or kept, to give back. */
    synchronized long abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        long bytes = 0;
        for (ByteString c : queue) {
            bytes += c.size();
        }
        for (ByteString c : kept) {
            bytes += c.size();
        }
        queue.clear();
        kept.clear();
        notifyAll();
        return bytes;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        List<ByteString> again;
        boolean first;
        synchronized (this) {
            if (started && !retain) {
                throw new IOException("a streamed load body can be written only once");
            }
            first = !started;
            started = true;
            again = List.copyOf(kept);
        }
        if (first) {
            demand.started();
        }
        long written = 0;
        for (ByteString chunk : again) {
            chunk.writeTo(out);
            written += chunk.size();
        }
        while (written < length) {
            ByteString chunk = take(written);
            try {
                chunk.writeTo(out);
            } finally {
                if (!retain) {
                    demand.consumed(chunk.size());
                }
            }
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
                throw new IOException("interrupted while waiting for payload", e);
            }
        }
        if (abortReason != null) {
            throw new IOException("load body ended after " + written + " of " + length + " bytes: " + abortReason);
        }
        ByteString chunk = queue.poll();
        if (retain) {
            kept.add(chunk);
        }
        return chunk;
    }
}
