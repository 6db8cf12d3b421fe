package io.doriscdc.runtime;

/** What a TRUNCATE of a mapped table does in Doris. */
public enum TruncatePolicy {
    /** TRUNCATE the Doris table too, through the transport's SQL endpoint, in stream order. */
    PROPAGATE,
    /** Leave the Doris table as it is. */
    IGNORE,
    /** Stop the table with an error: an operator decides. */
    FAIL
}
