package io.doriscdc.streamload;

import io.doriscdc.api.transport.EncodedBatch;
import java.util.List;

/**
 * The payload of a Stream Load batch: its parts in load order. The encoders of {@link StreamLoadEncoding}
 * make parts whose bodies are bytes in memory ({@link LoadBody.Bytes}), readable many times; other
 * transports that forward those bytes (the gRPC transport) read the parts, and the ingest gateway
 * builds one-part payloads whose body streams from its client. Immutable.
 */
public record StreamLoadPayload(List<LoadPart> parts, int rowCount, long byteCount) implements EncodedBatch {

    public StreamLoadPayload {
        parts = List.copyOf(parts);
    }

    /** The payload of {@code parts}, with counts summed. */
    public static StreamLoadPayload of(List<LoadPart> parts) {
        int rows = 0;
        long bytes = 0;
        for (LoadPart p : parts) {
            rows += p.rows();
            bytes += p.length();
        }
        return new StreamLoadPayload(parts, rows, bytes);
    }
}
