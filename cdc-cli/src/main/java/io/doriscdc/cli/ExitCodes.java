package io.doriscdc.cli;

/** What the exit status of {@code doris-cdc} means (documented in docs/operations.md). */
public final class ExitCodes {

    /** Done: the pipeline stopped on request, or the demo's tables are equal. */
    public static final int OK = 0;
    /** The demo finished but the tables differ between PostgreSQL and Doris. */
    public static final int NOT_EQUAL = 1;
    /** Bad usage or a bad configuration file: nothing was started. */
    public static final int USAGE = 2;
    /** The pipeline failed or could not start (PostgreSQL, Doris or the transport refused). */
    public static final int FAILED = 3;
    /** Interrupted (Ctrl-C) before the command finished its job. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
