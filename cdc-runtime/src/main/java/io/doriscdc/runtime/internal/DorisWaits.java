package io.doriscdc.runtime.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches whose delivery failed for a reason of Doris's own — Doris down or restarting, the network
 * gone, an overloaded BE, too many versions (-235): the transport gave up its retries, but the rows
 * were never refused. Such a batch is not a failure of its table: it stays the table's batch in
 * flight (its hold keeps the slot before it), is sent again with the same label after a pause that
 * doubles from {@link #FIRST_PAUSE_NANOS} to {@link #MAX_PAUSE_NANOS}, and the table shows
 * {@code WAITING_FOR_DORIS} until Doris commits it. Only an answer about the rows themselves (a
 * filtered row, an unknown column) stops a table. Worker thread only.
 */
final class DorisWaits {

    static final long FIRST_PAUSE_NANOS = 1_000_000_000L;
    static final long MAX_PAUSE_NANOS = 30_000_000_000L;

    /** A batch waiting for Doris: when to send it again, and how often it was parked. */
    record Parked(TableRuntime table, TableBatcher.InFlight batch, long dueNanos, int times, String reason) {
    }

    private final Map<TableRuntime, Parked> parked = new LinkedHashMap<>();
    private final Map<TableRuntime, Integer> times = new LinkedHashMap<>();

    /** Parks the table's batch; returns the pause before it is sent again, in ms. */
    long park(TableRuntime t, TableBatcher.InFlight batch, String reason, long nowNanos) {
        int n = times.merge(t, 1, Integer::sum);
        long pause = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(n - 1, 5));
        parked.put(t, new Parked(t, batch, nowNanos + pause, n, reason));
        return pause / 1_000_000;
    }

    /** Removes and returns the batches due to be sent again. */
    List<Parked> due(long nowNanos) {
        if (parked.isEmpty()) {
            return List.of();
        }
        List<Parked> out = new ArrayList<>();
        var it = parked.values().iterator();
        while (it.hasNext()) {
            Parked p = it.next();
            if (nowNanos - p.dueNanos() >= 0) {
                out.add(p);
                it.remove();
            }
        }
        return out;
    }

    /** Doris committed a batch of the table: its count of pauses starts again. */
    void delivered(TableRuntime t) {
        times.remove(t);
    }

    /** Drops every parked batch (a stop that does not wait for Doris); returns how many. */
    int abandon() {
        int n = parked.size();
        parked.clear();
        return n;
    }

    boolean isEmpty() {
        return parked.isEmpty();
    }
}
