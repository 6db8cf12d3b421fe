package io.doriscdc.api;

/**
 * Root of every exception doris-cdc throws. Unchecked: a caller decides where to handle it; the
 * message always says what happened, where (LSN, table, column, label) and what to do.
 */
public class CdcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CdcException(String message) {
        super(message);
    }

    public CdcException(String message, Throwable cause) {
        super(message, cause);
    }
}
