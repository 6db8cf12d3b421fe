package io.doriscdc.api.transport;

import io.doriscdc.api.CdcException;

/**
 * A delivery to the target failed. {@link #retryable()} says whether the same batch, with the same
 * label, may succeed if sent again (a network error, too many versions, an FE that is not master)
 * or never will (bad data, a missing table, wrong credentials).
 */
public class TransportException extends CdcException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final String label;

    public TransportException(String message, boolean retryable, String label) {
        this(message, retryable, label, null);
    }

    public TransportException(String message, boolean retryable, String label, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.label = label;
    }

    /** True if sending the same batch again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The label of the batch that failed, or {@code null} when the failure was not about a batch. */
    public String label() {
        return label;
    }
}
