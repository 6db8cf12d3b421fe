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
 * @param snapshot the progress of the table's latest copy, or {@code null} when it was never copied by this pipeline run
 */
public record TableStatus(TableRoute route, TableState state, long lagBytes, Duration timeLag, long rowsDelivered,
                          long bytesDelivered, String lastError, Instant updatedAt, SnapshotStatus snapshot) {

    /**
     * Progress of a table copy.
     *
     * @param rowsDone rows committed in Doris
     * @param rowsEstimated rows expected (PostgreSQL's estimate, at least {@code rowsDone})
     * @param rowsPerSecond average rate so far
     * @param etaSeconds estimated seconds left, -1 when unknown, 0 when done
     * @param done whether every range is committed
     */
    public record SnapshotStatus(long rowsDone, long rowsEstimated, double rowsPerSecond, long etaSeconds, boolean done) {
    }
}
