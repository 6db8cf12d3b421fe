package io.doriscdc.api.value;

/** Whether a column of a row carries a value. */
public enum ValueState {
    /** SQL NULL ('n' in pgoutput). */
    NULL,
    /**
     * An unchanged TOASTed value that the server did not send ('u' in pgoutput). It is not NULL and
     * its value is unknown here: it must never be written to a target as a value.
     */
    UNCHANGED_TOAST,
    /** A value is present ('t' text or 'b' binary in pgoutput). */
    PRESENT
}
