package io.doriscdc.streamload;

import io.doriscdc.streamload.internal.PartLabels;
import java.util.Map;
import java.util.Objects;

/**
 * One Stream Load request of a batch and the format headers it needs. A batch has one part of full
 * rows (label suffix empty) and one more per set of columns of partial-update rows (suffix {@code -p1},
 * {@code -p2}, ...), loaded in that order. Immutable; a body in memory may be re-sent on every retry.
 *
 * @param labelSuffix appended to the batch label (see {@link #label(String)})
 * @param headers format, columns and update-mode headers (not auth, label, timeout or transaction headers)
 * @param body the (possibly compressed) payload
 * @param rows rows in the part
 */
public record LoadPart(String labelSuffix, Map<String, String> headers, LoadBody body, int rows) {

    public LoadPart {
        Objects.requireNonNull(labelSuffix, "labelSuffix");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** Payload bytes of the part. */
    public long length() {
        return body.length();
    }

    /** The Doris label of this part of the batch labelled {@code batchLabel}: deterministic, at most 128 characters. */
    public String label(String batchLabel) {
        return PartLabels.of(batchLabel, labelSuffix);
    }
}
