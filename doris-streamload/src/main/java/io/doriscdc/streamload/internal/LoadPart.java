package io.doriscdc.streamload.internal;

import java.util.Map;

/**
 * One Stream Load request body of a batch and the format headers it needs. A batch has one part of
 * full rows (label suffix empty) and one more per set of columns of partial-update rows (suffix
 * {@code -p1}, {@code -p2}, ...), loaded in that order. Immutable once built; the body is never written
 * again, so it may be re-sent on every retry.
 *
 * @param labelSuffix appended to the batch label
 * @param headers format, columns and update-mode headers (not auth, label or transaction headers)
 * @param body the (possibly compressed) payload; only the first {@code length} bytes count
 * @param length payload length
 * @param rows rows in the part
 */
public record LoadPart(String labelSuffix, Map<String, String> headers, byte[] body, int length, int rows) {

    public LoadPart {
        headers = Map.copyOf(headers);
    }
}
