package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;

/**
 * A mapped table gained a column whose binary form the decoder does not read, while the stream
 * carries binary values (chosen once per replication session, for every table): the pipeline
 * starts again from the slot with text values, and reads the change again. Thrown on the worker
 * thread at the Relation message, before any row in the new shape is decoded.
 */
public final class TextValuesNeeded extends CdcException {

    private static final long serialVersionUID = 1L;

    TextValuesNeeded(String message) {
        super(message);
    }

    /** True when the failure's cause chain holds one. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TextValuesNeeded) {
                return true;
            }
        }
        return false;
    }
}
