package io.doriscdc.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one table's progress. Immutable.
 *
 * @param route the mapping
 * @param state its state
 * @param lagBytes WAL bytes between the server's current position and the slot's confirmed flush LSN
 * @param timeLag now minus the commit time of the last change delivered for this table ({@code Duration.ZERO} when none is pending)
 * @param rowsDelivered rows committed in Doris since the pipeline started
 * @param bytesDelivered payload bytes committed in Doris since the pipeline started
 * @param lastError the last delivery error, or {@code null}
 * @param updatedAt when this status was computed
 */
public record TableStatus(TableRoute route, TableState state, long lagBytes, Duration timeLag, long rowsDelivered,
                          long bytesDelivered, String lastError, Instant updatedAt) {
}
