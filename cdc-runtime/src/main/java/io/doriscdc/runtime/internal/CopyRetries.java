package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a failed copy does next. A copy that failed for a passing reason (PostgreSQL restarting, Doris
 * away or overloaded) is tried again after a pause that doubles from 10 s to 5 min per table. A value
 * the encoder refuses before any load (NaN where Doris has none) can never load: its table stops at
 * once, holding the slot, with the reason. Rows Doris itself filters are tried again
 * {@link #DORIS_REFUSALS} times first: the copy reads PostgreSQL as it is now, and a column change
 * the stream has not brought to Doris yet (a widened VARCHAR) is refused until it has. Thread-safe.
 */
final class CopyRetries {

    static final long FIRST_PAUSE_SECONDS = 10;
    static final long MAX_PAUSE_SECONDS = 300;
    /** Copies Doris refuses rows of before the table stops: about 10 minutes of pauses. */
    static final int DORIS_REFUSALS = 6;

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

    /** Whether the refusal stops the table now: refused before any load, or by Doris too often already. */
    boolean stopsNow(TransportException refusal, List<TableId> ids) {
        return refusal.label() == null || ids.stream().anyMatch(id -> failures.getOrDefault(id, 0) >= DORIS_REFUSALS);
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
