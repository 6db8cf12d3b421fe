package io.doriscdc.api.transport;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.StreamPosition;
import java.util.Objects;

/**
 * A finished batch for one Doris table: its payload, the deterministic label it is loaded under
 * (the same on every retry; see {@link BatchLabels}) and the stream positions of its first and last
 * change (ARCHITECTURE.md invariants 2 and 3). A snapshot batch has both at the snapshot's position.
 * Immutable and thread-safe.
 */
public record Batch(DorisTableId target, String label, StreamPosition first, StreamPosition last, EncodedBatch payload) {

    public Batch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(payload, "payload");
        BatchLabels.requireValid(label);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("batch " + label + ": last position " + last + " is before first position " + first);
        }
    }

    public int rowCount() {
        return payload.rowCount();
    }

    public long byteCount() {
        return payload.byteCount();
    }
}
