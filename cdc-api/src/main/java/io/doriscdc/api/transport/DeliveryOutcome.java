package io.doriscdc.api.transport;

/** How a batch came to be committed in Doris. Every outcome means the data is committed. */
public enum DeliveryOutcome {
    /** This delivery committed the batch ({@code Success}, or a committed two-phase load). */
    COMMITTED,
    /** Committed, visible shortly ({@code Publish Timeout}): Doris publishes it on its own. */
    COMMITTED_PUBLISH_PENDING,
    /**
     * An earlier attempt already committed it ({@code Label Already Exists} with {@code FINISHED},
     * or a two-phase commit answered "already committed/visible").
     */
    ALREADY_COMMITTED
}
