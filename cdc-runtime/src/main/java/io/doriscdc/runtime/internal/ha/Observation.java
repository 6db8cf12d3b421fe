package io.doriscdc.runtime.internal.ha;

/**
 * The slot and the lease of one pipeline as PostgreSQL showed them in one query ({@link LeaseTable#observe}).
 * Immutable.
 *
 * @param slotActive         whether a walsender holds the slot ({@code pg_replication_slots.active})
 * @param activePid          that walsender's PID, 0 when none
 * @param activeApplication  its {@code application_name}, or null
 * @param leaseExists        whether the pipeline has a row in {@code doris_cdc.leases}
 * @param holder             the lease's holder (instance id and nonce), null when released or absent
 * @param term               the lease's term, 0 when absent
 * @param leaseAgeSeconds    PostgreSQL's now() minus the last renewal
 * @param holderSessionAlive whether the holder's lease session (its backend) still exists
 * @param leaseWalsenderPid  the walsender the holder recorded, 0 when none
 */
public record Observation(boolean slotActive, int activePid, String activeApplication, boolean leaseExists, String holder, long term,
                          double leaseAgeSeconds, boolean holderSessionAlive, int leaseWalsenderPid) {

    /** The instance id of a holder, without its nonce. */
    static String instanceOf(String holder) {
        if (holder == null) {
            return "(none)";
        }
        int hash = holder.lastIndexOf('#');
        return hash > 0 ? holder.substring(0, hash) : holder;
    }
}
