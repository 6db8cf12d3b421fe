package io.doriscdc.streamload;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The body of one Stream Load request: its length is known up front (it is sent as
 * {@code Content-Length}, so Doris refuses a body that ends early), and its bytes are written into the
 * request. A body in memory can be sent again on every retry; a streamed body (one the ingest gateway
 * feeds from a client's stream) can be sent only until it is first read, after which a failed load is
 * answered as retryable to whoever still holds the bytes. Implementations must be thread-safe for one
 * writer at a time.
 */
public interface LoadBody {

    /** Bytes the body has; exactly this many are written. */
    long length();

    /** True while {@link #writeTo(OutputStream)} can (still) be called: always for bytes in memory. */
    boolean replayable();

    /**
     * Writes the whole body.
     *
     * @throws IOException if the bytes cannot be written or a streamed body's source went away
     */
    void writeTo(OutputStream out) throws IOException;

    /** A body of the first {@code length} bytes of {@code bytes}, which must not change afterwards. */
    static Bytes of(byte[] bytes, int length) {
        return new Bytes(bytes, length);
    }

    /** Bytes in memory: replayable, the array shared and never written again. */
    record Bytes(byte[] bytes, int size) implements LoadBody {

        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
            Objects.checkFromIndexSize(0, size, bytes.length);
        }

        @Override
        public long length() {
            return size;
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes, 0, size);
        }
    }
}
