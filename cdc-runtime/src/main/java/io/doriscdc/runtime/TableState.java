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
    FAILED
}
