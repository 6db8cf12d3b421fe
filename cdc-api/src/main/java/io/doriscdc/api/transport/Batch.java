package io.doriscdc.api.transport;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import java.util.Objects;

/**
 * A finished batch for one Doris table: its payload, the deterministic label it is loaded under
 * (the same on every retry; see {@link BatchLabels}) and the LSN range of the changes it holds.
 * Immutable and thread-safe.
 */
public record Batch(DorisTableId target, String label, Lsn firstLsn, Lsn lastLsn, EncodedBatch payload) {

    public Batch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(firstLsn, "firstLsn");
        Objects.requireNonNull(lastLsn, "lastLsn");
        Objects.requireNonNull(payload, "payload");
        BatchLabels.requireValid(label);
        if (lastLsn.isBefore(firstLsn)) {
            throw new IllegalArgumentException("batch " + label + ": last LSN " + lastLsn + " is before first LSN " + firstLsn);
        }
    }

    public int rowCount() {
        return payload.rowCount();
    }

    public long byteCount() {
        return payload.byteCount();
    }
}
