package io.doriscdc.runtime;

/** What a batch that fails for good (a non-retryable delivery error) stops. */
public enum FailurePolicy {
    /** The table goes to {@link TableState#FAILED}; other tables go on, the slot stays behind the failed batch. */
    STOP_TABLE,
    /** The whole pipeline stops with the error. */
    STOP_PIPELINE
}
