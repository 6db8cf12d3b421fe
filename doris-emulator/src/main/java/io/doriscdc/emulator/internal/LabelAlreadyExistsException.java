package io.doriscdc.emulator.internal;

/** A load's label is used by a non-aborted transaction (§1.3, §3). */
final class LabelAlreadyExistsException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Txn existing;

    LabelAlreadyExistsException(Txn existing) {
        super("Label [" + existing.label + "] has already been used, relate to txn [" + existing.id + "], status ["
                + existing.state + "].", null, false, false);
        this.existing = existing;
    }

    /** {@code ExistingJobStatus}: RUNNING for PREPARE/UNKNOWN, PRECOMMITTED, FINISHED for COMMITTED/VISIBLE. */
    String existingJobStatus() {
        return switch (existing.state) {
            case PRECOMMITTED -> "PRECOMMITTED";
            case COMMITTED, VISIBLE -> "FINISHED";
            default -> "RUNNING";
        };
    }
}
