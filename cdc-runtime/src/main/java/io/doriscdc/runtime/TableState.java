package io.doriscdc.runtime;

/** The state of one mapped table. */
public enum TableState {
    /** Its initial (or requested) copy is running. */
    SNAPSHOTTING,
    /** Changes flow. */
    STREAMING,
    /** Mapped but not delivering (the pipeline is stopped or the table was paused). */
    PAUSED,
    /** A change could not be delivered; see the table's last error. */
    FAILED,
    /**
     * Doris is unreachable or refused the table's batch for a reason of its own (restarting,
     * overloaded, too many versions): the batch is sent again with its label after a pause, the slot
     * stays before it, and the table streams again by itself once Doris commits it.
     */
    WAITING_FOR_DORIS
}
