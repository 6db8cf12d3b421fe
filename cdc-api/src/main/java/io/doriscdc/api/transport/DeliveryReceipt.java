package io.doriscdc.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Proof that a batch is committed in Doris. Immutable and thread-safe.
 *
 * @param label the batch's label
 * @param txnId Doris's transaction id, -1 when the target did not say (e.g. an earlier attempt committed it)
 * @param outcome how it came to be committed
 * @param rowsLoaded rows Doris loaded (0 when not known)
 * @param rowsFiltered rows Doris filtered out (bad data accepted by a filter ratio)
 * @param bytes payload bytes sent
 * @param attempts how many attempts it took (1 when the first succeeded)
 * @param elapsed from the first attempt to the receipt
 */
public record DeliveryReceipt(String label, long txnId, DeliveryOutcome outcome, long rowsLoaded, long rowsFiltered,
                              long bytes, int attempts, Duration elapsed) {
    public DeliveryReceipt {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
