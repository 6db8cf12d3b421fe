package io.doriscdc.emulator;

/**
 * Doris {@code TransactionStatus} names as reported by {@code get_load_state} (§1.3): a load's
 * transaction is {@code PREPARE} while it runs, {@code PRECOMMITTED} after a two-phase load,
 * {@code COMMITTED} after a commit whose publish timed out, {@code VISIBLE} once its rows can be
 * read and {@code ABORTED} after a failure, an abort or a pre-commit timeout.
 *
 * <p>Immutable and thread-safe.
 */
public enum TxnState {
    UNKNOWN, PREPARE, PRECOMMITTED, COMMITTED, VISIBLE, ABORTED;

    /** @return true for the states that end a transaction */
    public boolean isFinal() {
        return this == VISIBLE || this == ABORTED;
    }
}
