package io.doriscdc.runtime.internal.ha;

/** What an instance does after an {@link Observation} ({@link Takeover#decide}). Immutable. */
public sealed interface Decision {

    /** Another instance (or another client) has the pipeline: wait, for the reason given. */
    record StandBy(String reason) implements Decision {
    }

    /**
     * Claim the lease; once claimed, end the walsender {@code terminatePid} (0: none) that still
     * holds the slot for an instance that lost its lease.
     */
    record Claim(int terminatePid, String reason) implements Decision {
    }

    /**
     * This instance holds the lease: keep it, and end the walsender {@code terminatePid} (0: none),
     * a leftover of this pipeline that holds the slot this instance needs. {@code note} says why the
     * slot cannot be had, when it cannot (null otherwise).
     */
    record Keep(int terminatePid, String note) implements Decision {
    }
}
