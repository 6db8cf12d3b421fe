package io.doriscdc.streamload;

import io.doriscdc.api.transport.EncodedBatch;
import java.util.List;

/**
 * The payload of a Stream Load batch as the encoders of {@link StreamLoadEncoding} make it: its parts
 * in load order, each body in memory. Immutable; readable many times. Other transports that forward
 * these bytes (the gRPC transport) read the parts.
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
