package io.doriscdc.runtime.internal;

/**
 * What a running pipeline tells its high-availability lease, and asks it. {@link #NONE} when high
 * availability is off. Implementations are thread-safe: the runner calls from its start, the
 * worker and the copy threads.
 */
public interface LeaseGuard {

    /** High availability off: nothing to tell, nothing ever refused. */
    LeaseGuard NONE = new LeaseGuard() {
        @Override
        public void replicationBackend(int pid) {
        }

        @Override
        public void confirm(String what) {
        }
    };

    /**
     * The backend process of the replication connection, known before START_REPLICATION: the
     * walsender that will hold the slot for this instance (so that it is never taken for another's).
     */
    void replicationBackend(int pid);

    /**
     * Called right before a change to Doris that a later load cannot undo (TRUNCATE, a schema
     * change): renews the lease and returns only while this instance still holds it.
     *
     * @throws io.doriscdc.runtime.internal.ha.LeaseLost when another instance took over, or the lease cannot be renewed
     */
    void confirm(String what);

    /**
     * Called before each load is handed to Doris: returns at once while this instance's own clock
     * says it still holds the lease (no statement), throws once it is fenced, so that an instance
     * thawed after a freeze sends nothing before it notices that another took over.
     *
     * @throws io.doriscdc.runtime.internal.ha.LeaseLost when this instance may no longer stream
     */
    default void requireHeld(String what) {
    }
}
