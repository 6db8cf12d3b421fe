package io.doriscdc.runtime.internal.ha;

import io.doriscdc.api.CdcException;

/**
 * This instance no longer holds its pipeline's lease: another instance took over, or the lease could
 * not be renewed within the lease timeout. Thrown instead of a change to Doris that a later load
 * cannot undo; the instance stops streaming and stands by.
 */
public final class LeaseLost extends CdcException {

    private static final long serialVersionUID = 1L;

    LeaseLost(String message) {
        super(message);
    }

    LeaseLost(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the failure's cause chain holds one. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LeaseLost) {
                return true;
            }
        }
        return false;
    }
}
