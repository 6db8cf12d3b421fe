package io.doriscdc.runtime;

/**
 * Whether the pipeline's replication slot is a failover slot (PostgreSQL 17+): one that a standby
 * with {@code sync_replication_slots = on} keeps a copy of, so that the pipeline resumes on that
 * standby once it is promoted. {@code replication.failover-slot} in the configuration
 * (docs/operations.md, "PostgreSQL failover (failover slots)").
 */
public enum FailoverSlot {
    /**
     * A new slot is a failover slot where the server supports it (17+) and an ordinary one before;
     * an existing slot is left as it is, and one without failover on 17+ is reported (log,
     * {@link Pipeline#slotFailover()}, {@code doris-cdc status}) with the command that turns it on.
     */
    AUTO,
    /**
     * A failover slot, always: a new slot is created with failover, an existing one without it gets
     * it ({@code ALTER_REPLICATION_SLOT name (FAILOVER true)}) when no other session holds it; a server
     * before 17 is refused at start.
     */
    ON,
    /** An ordinary slot: created without failover; an existing failover slot is left as it is. */
    OFF
}
