package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The mapped tables. Reads are safe from any thread; changes to the mapping are commands that the
 * worker runs between frames, so that they take effect at a well-defined point of the stream.
 */
public final class Tables {

    private final Map<TableId, TableRuntime> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Consumer<Worker>> commands = new ConcurrentLinkedQueue<>();
    private final Map<TableId, java.util.concurrent.atomic.LongAdder> unmapped = new ConcurrentHashMap<>();
    private final Map<TableId, String> refusedCommands = new ConcurrentHashMap<>();

    /** @param keys the key columns of each route's table (see {@link PgSetup#keyColumns(TableId)}) */
    public Tables(List<TableRoute> routes, Map<TableId, List<String>> keys) {
        for (TableRoute r : routes) {
            byId.put(r.source(), new TableRuntime(r, keys.getOrDefault(r.source(), List.of())));
        }
    }

    /** Sets where each table's newest applied TRUNCATE stands (from {@link TruncateLog#load()}), before the worker starts. */
    void truncatedAt(Map<TableId, io.doriscdc.api.StreamPosition> applied) {
        applied.forEach((id, position) -> {
            TableRuntime t = byId.get(id);
            if (t != null) {
                t.truncatedAt = position;
            }
        });
    }

    private volatile boolean recordSchemaChanges;

    /** The doris_cdc schema is installed: column changes are recorded in {@link SchemaLog}. Before the worker starts. */
    void recordSchemaChanges() {
        recordSchemaChanges = true;
    }

    boolean schemaChangesRecorded() {
        return recordSchemaChanges;
    }

    /** Sets each table's newest applied column change (from {@link SchemaLog#load()}), before the worker starts. */
    void schemaChangedAt(Map<TableId, SchemaLog.Applied> applied) {
        applied.forEach((id, change) -> {
            TableRuntime t = byId.get(id);
            if (t != null) {
                t.schemaChangedAt = change;
            }
        });
    }

    private volatile io.doriscdc.api.Lsn streamedTo = io.doriscdc.api.Lsn.INVALID;
    private volatile long streamedAtNanos = System.nanoTime();

    /**
     * The worker handled every transaction committed before {@code position} (a commit it handled, or
     * a keepalive's position while no transaction was open). Worker thread.
     */
    void streamedTo(io.doriscdc.api.Lsn position) {
        if (position.isAfter(streamedTo)) {
            streamedTo = position;
            streamedAtNanos = System.nanoTime();
        }
    }

    /** How far the worker has handled the stream; any thread. */
    io.doriscdc.api.Lsn streamedTo() {
        return streamedTo;
    }

    /** When {@link #streamedTo()} last moved ({@link System#nanoTime()}); any thread. */
    long streamedAtNanos() {
        return streamedAtNanos;
    }

    TableRuntime runtimeOf(TableId id) {
        return byId.get(id);
    }

    /** The mapped table loaded into {@code target}, or null. */
    TableRuntime byTarget(io.doriscdc.api.DorisTableId target) {
        for (TableRuntime t : byId.values()) {
            if (t.route.target().equals(target)) {
                return t;
            }
        }
        return null;
    }

    Collection<TableRuntime> all() {
        return byId.values();
    }

    public List<TableRoute> routes() {
        return byId.values().stream().map(t -> t.route).sorted((a, b) -> a.source().compareTo(b.source())).toList();
    }

    public boolean contains(TableId id) {
        return byId.containsKey(id);
    }

    /** Queues a change for the worker thread. */
    public void submit(Consumer<Worker> command) {
        commands.add(command);
    }

    /**
     * Any thread (a copy, a check of the publication): stops a table FAILED with {@code error}. The
     * worker does it between frames, holding the slot at the transaction it is reading (or the last
     * one it handled), so that no change of the table after this point is acknowledged: a restart
     * after the fix replays them ({@link Delivery#failTable}).
     */
    void fail(TableId id, String error) {
        TableRuntime t = byId.get(id);
        if (t == null || t.failed()) {
            return;
        }
        t.failRequested = true;
        submit(w -> w.failInStream(t, error));
    }

    void runCommands(Worker worker) {
        Consumer<Worker> c;
        while ((c = commands.poll()) != null) {
            c.accept(worker);
        }
    }

    /** Worker thread: adds a mapping (from now on in stream order). */
    void add(TableRoute route, List<String> keyColumns, Worker worker) {
        byId.putIfAbsent(route.source(), new TableRuntime(route, keyColumns));
        worker.mappingsChanged();
    }

    /** Worker thread: removes a mapping after delivering what was pending for it. */
    void remove(TableId id, Worker worker) {
        TableRuntime t = byId.remove(id);
        if (t != null && t.batcher != null) {
            worker.delivery().drain(t, worker.ack());
        }
        worker.mappingsChanged();
    }

    /** How long the oldest change not yet committed in Doris has waited since its commit, over all tables. */
    java.time.Duration oldestPendingAge() {
        long oldest = Long.MAX_VALUE;
        for (TableRuntime t : byId.values()) {
            long p = t.oldestPendingCommitMicros;
            if (p != 0 && p < oldest) {
                oldest = p;
            }
        }
        if (oldest == Long.MAX_VALUE) {
            return java.time.Duration.ZERO;
        }
        java.time.Instant now = java.time.Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        return java.time.Duration.ofNanos(Math.max(0, nowMicros - oldest) * 1000);
    }

    /**
     * Counts a change of a published table that no route maps.
     *
     * @return true for the first such change of that table
     */
    boolean countUnmapped(TableId table) {
        boolean[] first = {false};
        unmapped.computeIfAbsent(table, t -> {
            first[0] = true;
            return new java.util.concurrent.atomic.LongAdder();
        }).increment();
        return first[0];
    }

    /** Changes of published but unmapped tables seen since the start, by table. */
    public Map<TableId, Long> unmapped() {
        Map<TableId, Long> out = new java.util.TreeMap<>();
        unmapped.forEach((t, n) -> {
            if (!byId.containsKey(t)) {
                out.put(t, n.sum());
            }
        });
        return out;
    }

    /** Records a refused command of a table: its error for a mapped table, a REFUSED row in status otherwise. */
    void refused(TableId table, String error) {
        TableRuntime t = byId.get(table);
        if (t != null) {
            t.lastError = error;
            return;
        }
        if (refusedCommands.size() < 100 || refusedCommands.containsKey(table)) {
            refusedCommands.put(table, error);
        }
    }

    /** The last refused command of each unmapped table (at most 100 tables). */
    public Map<TableId, String> refusedCommands() {
        return new java.util.TreeMap<>(refusedCommands);
    }

    /** A read-only view for status: route, runtime. */
    Map<TableId, TableRuntime> view() {
        return Map.copyOf(byId);
    }
}
