package io.doriscdc.bench.e2e;

import io.doriscdc.emulator.VisibilityListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records when each load into one emulated table became readable ({@link System#nanoTime()} at the commit,
 * from the emulator's {@link VisibilityListener}) and which bigint keys it carried; the matching with the
 * writers' commit times happens after a phase, off the emulator's threads. Thread-safe.
 */
final class VisibilityRecorder implements VisibilityListener {

    /** One committed load: when its rows became readable, and their keys. */
    record Load(long nanos, long[] keys) {
    }

    private final String db;
    private final String table;
    private final ConcurrentLinkedQueue<Load> loads = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Long>> awaited = new ConcurrentHashMap<>();

    VisibilityRecorder(String db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void rowsVisible(String db, String table, List<List<Object>> keys) {
        if (!table.equals(this.table) || !db.equals(this.db)) {
            return;
        }
        long now = System.nanoTime();
        long[] ids = new long[keys.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((Number) keys.get(i).get(0)).longValue();
        }
        loads.add(new Load(now, ids));
        if (!awaited.isEmpty()) {
            for (long id : ids) {
                CompletableFuture<Long> f = awaited.remove(id);
                if (f != null) {
                    f.complete(now);
                }
            }
        }
    }

    /** The loads recorded since the last call, oldest first. */
    List<Load> drain() {
        List<Load> out = new ArrayList<>();
        for (Load l; (l = loads.poll()) != null; ) {
            out.add(l);
        }
        return out;
    }

    /** Completes with the time the row of {@code key} becomes readable; call it before the row is committed. */
    CompletableFuture<Long> await(long key) {
        return awaited.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
}
