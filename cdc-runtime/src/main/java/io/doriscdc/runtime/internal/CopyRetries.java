package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a failed copy does next. A copy that failed for a passing reason (PostgreSQL restarting, Doris
 * away or overloaded) is tried again after a pause that doubles from 10 s to 5 min per table; one that
 * Doris or the encoder refused for good (a value Doris cannot hold) is not tried again: its table
 * stops, holding the slot, with the reason. Thread-safe.
 */
final class CopyRetries {

    static final long FIRST_PAUSE_SECONDS = 10;
    static final long MAX_PAUSE_SECONDS = 300;

    private final Map<TableId, Integer> failures = new ConcurrentHashMap<>();

    /** The refusal for good in {@code e}'s causes (a transport exception that is not retryable), or null. */
    static TransportException refusal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransportException te && !te.retryable()) {
                return te;
            }
        }
        return null;
    }

    /** Counts one more failure of the copy of {@code ids}; returns the pause before the next try, in seconds. */
    long failed(List<TableId> ids) {
        int most = 0;
        for (TableId id : ids) {
            most = Math.max(most, failures.merge(id, 1, Integer::sum));
        }
        return Math.min(MAX_PAUSE_SECONDS, FIRST_PAUSE_SECONDS << Math.min(most - 1, 5));
    }

    /** The copy of {@code id} finished: its next failure starts from the first pause again. */
    void done(TableId id) {
        failures.remove(id);
    }
}
