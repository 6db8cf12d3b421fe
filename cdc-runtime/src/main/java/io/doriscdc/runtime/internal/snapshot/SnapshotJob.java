package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consistent copy of some tables under one exported snapshot (ARCHITECTURE.md invariant 7):
 * {@code parallelism} connections import the snapshot, then share the tables' pending CTID ranges;
 * every row carries the snapshot's LSN as its version, below every change the stream delivers
 * after it. Each committed range is recorded, so a crashed copy resumes with the rest.
 */
public final class SnapshotJob {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJob.class);

    /** What to copy: a table's mapping (with its catalog schema) and its progress. */
    public record Target(TableMapping mapping, SnapshotProgress progress) {
    }

    /** The smallest byte cap of a copy batch that a small memory budget leads to (batch.max-bytes may set a smaller one). */
    static final long MIN_BATCH_BYTES = 4L << 20;

    private final List<Target> targets;
    private final Transport transport;
    private final SnapshotStore store;
    private final String labelPrefix;
    private final int parallelism;
    private final int batchRows;
    private final long batchBytes;
    private final long pagesPerRange;

    /**
     * @param batchRows rows per load at most
     * @param batchBytes encoded bytes per load, about (see {@link #batchBytes(long, int, long)})
     * @param pagesPerRange blocks per range when a rewritten table is planned again
     */
    public SnapshotJob(List<Target> targets, Transport transport, SnapshotStore store, String labelPrefix, int parallelism, int batchRows,
                       long batchBytes, long pagesPerRange) {
        this.targets = List.copyOf(targets);
        this.transport = transport;
        this.store = store;
        this.labelPrefix = labelPrefix;
        this.parallelism = parallelism;
        this.batchRows = batchRows;
        this.batchBytes = batchBytes;
        this.pagesPerRange = pagesPerRange;
    }

    /**
     * The byte cap of one copy batch. Each of the {@code parallelism} copiers holds at most two
     * batches (one being encoded, one loading), and an encoder's buffer may grow to twice what it
     * holds (buffers double), so the memory budget is shared as {@code budget / (4 × parallelism)},
     * at least {@link #MIN_BATCH_BYTES}, and never more than {@code batch.max-bytes}.
     */
    public static long batchBytes(long memoryBudget, int parallelism, long batchMaxBytes) {
        long share = memoryBudget / (4L * Math.max(1, parallelism));
        return Math.min(batchMaxBytes, Math.max(MIN_BATCH_BYTES, share));
    }

    /** Rows the statistics estimate for a table (the sum over its leaf partitions when it is partitioned). */
    public static long estimatedRows(Connection c, TableId table) throws SQLException {
        return TableStorage.estimatedRows(c, table);
    }

    /**
     * Runs the copy: opens the connections, imports the snapshot into each, checks that tables
     * whose copy resumes were not rewritten since their plan (else plans them again), lets the
     * caller close the exporter ({@code imported}), and copies every pending range.
     *
     * @param connections opens a plain connection
     * @param onTableDone called with each table whose ranges are all committed
     * @throws CdcException when a range cannot be copied or delivered (the ranges done stay done)
     */
    public void run(ExportedSnapshot snapshot, ConnectionFactory connections, Runnable imported, Consumer<TableId> onTableDone,
                    Consumer<TableId> onRangeDone) {
        ConcurrentLinkedQueue<CopyRange> queue = new ConcurrentLinkedQueue<>();
        Map<TableId, Target> byTable = new HashMap<>();
        Map<TableId, AtomicInteger> left = new ConcurrentHashMap<>();
        List<Connection> opened = new ArrayList<>();
        try {
            opened.add(importSnapshot(connections, snapshot));
            for (Target t : targets) {
                TableId id = t.mapping().source().id();
                byTable.put(id, t);
                List<CopyRange> pending = pendingRanges(opened.get(0), id, snapshot);
                if (pending.isEmpty()) {
                    t.progress().finish();
                    onTableDone.accept(id);
                    continue;
                }
                queue.addAll(pending);
                left.put(id, new AtomicInteger(pending.size()));
            }
            int n = Math.max(1, Math.min(parallelism, queue.size()));
            while (opened.size() < n) {
                opened.add(importSnapshot(connections, snapshot));
            }
            imported.run();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < opened.size(); i++) {
                RangeCopier copier = new RangeCopier(opened.get(i), transport, labelPrefix, batchRows, batchBytes);
                Thread t = new Thread(() -> copyAll(copier, queue, byTable, left, snapshot.lsn(), failure, onTableDone, onRangeDone),
                        "doris-cdc-snapshot-" + i);
                // an Error (OutOfMemoryError...) ends the copier: the copy fails instead of seeming done with ranges left
                t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, new CdcException("copier " + thread.getName()
                        + " died of " + e + "; the ranges not yet copied are resumed at the next start", e)));
                threads.add(t);
                t.start();
            }
            try {
                for (Thread t : threads) {
                    t.join();
                }
            } catch (InterruptedException e) {
                // the pipeline stops: copiers finish their current batch at most, ranges not done stay pending
                failure.compareAndSet(null, new CdcException("copy interrupted by the pipeline's stop; it resumes at the next start"));
                threads.forEach(Thread::interrupt);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        } catch (SQLException e) {
            throw new CdcException("cannot start the copy of " + byTable.keySet() + " under snapshot " + snapshot.name() + ": " + e.getMessage()
                    + "; the ranges not yet copied are resumed at the next start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while copying", e);
        } finally {
            for (Connection c : opened) {
                try {
                    c.rollback();
                    c.close();
                } catch (SQLException e) {
                    LOG.debug("closing a snapshot connection: {}", e.getMessage());
                }
            }
        }
    }

    private static Connection importSnapshot(ConnectionFactory connections, ExportedSnapshot snapshot) throws SQLException {
        Connection c = connections.open();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.name().replace("'", "''") + "'");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The table's ranges still to copy, checked against the relations that hold the table's rows
     * under this snapshot. When some were copied before (a resumed copy, or the copy of a leaf just
     * attached), the table is first locked (ACCESS SHARE, held to the end of the copy, so that no
     * rewrite can move rows under it). Then, relation by relation ({@link #reconcile}): one that no
     * longer holds rows of the table is not copied; one rewritten since its ranges were planned
     * (another relfilenode) is planned again, since its rows moved to other blocks; on a fresh plan, a
     * leaf attached after planning is planned too.
     */
    private List<CopyRange> pendingRanges(Connection c, TableId id, ExportedSnapshot snapshot) throws SQLException {
        List<SnapshotStore.Planned> plan = store.planned(id);
        if (plan.isEmpty()) {
            // never planned (the planning of a table added online failed, say): all of it is to copy, not none of it
            LOG.info("{} has no copy plan: planned now, under snapshot {}", id, snapshot.lsn());
            store.plan(id, TableStorage.of(c, id), pagesPerRange);
            return store.pending(id);
        }
        if (plan.stream().allMatch(SnapshotStore.Planned::done)) {
            return List.of();
        }
        if (plan.stream().anyMatch(SnapshotStore.Planned::done)) {
            try (Statement st = c.createStatement()) {
                st.execute("LOCK TABLE " + id.toSql() + " IN ACCESS SHARE MODE");
            }
        }
        Reconciliation r = reconcile(plan, TableStorage.of(c, id), TableStorage.leavesNow(c, id));
        if (!r.reasons().isEmpty()) {
            LOG.warn("the copy of {} under snapshot {}: {}", id, snapshot.lsn(), String.join("; ", r.reasons()));
        }
        if (!r.unchanged()) {
            store.dropRelations(id, r.dropped());
            store.replan(id, r.replanned(), pagesPerRange);
        }
        return store.pending(id).stream().filter(range -> !r.later().contains(range.relation())).toList();
    }

    /**
     * What a plan needs before it is copied under a snapshot.
     *
     * @param dropped relations of the plan that no longer hold rows of the table: their ranges go
     * @param replanned relations to plan afresh (rewritten with ranges left to copy, or attached since a fresh plan)
     * @param later relations attached after the snapshot: their ranges stay for the copy their ATTACH started
     * @param reasons one line for each, for the log
     */
    record Reconciliation(List<TableId> dropped, List<TableStorage> replanned, java.util.Set<TableId> later, List<String> reasons) {
        boolean unchanged() {
            return dropped.isEmpty() && replanned.isEmpty();
        }
    }

    /**
     * Compares a plan with the relations that hold the table's rows under the snapshot ({@code now})
     * and with the leaves the catalog has at this moment ({@code attachedNow}), see {@link #pendingRanges}.
     */
    static Reconciliation reconcile(List<SnapshotStore.Planned> plan, List<TableStorage> now, java.util.Set<TableId> attachedNow) {
        Map<TableId, Long> filenodes = new LinkedHashMap<>();
        Map<TableId, Boolean> pending = new HashMap<>();
        for (SnapshotStore.Planned p : plan) {
            filenodes.putIfAbsent(p.range().relation(), p.relfilenode());
            pending.merge(p.range().relation(), !p.done(), Boolean::logicalOr);
        }
        boolean fresh = plan.stream().noneMatch(SnapshotStore.Planned::done);
        Map<TableId, TableStorage> after = new LinkedHashMap<>();
        now.forEach(s -> after.put(s.relation(), s));
        List<TableId> dropped = new ArrayList<>();
        List<TableStorage> replanned = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        java.util.Set<TableId> later = new java.util.HashSet<>();
        filenodes.forEach((relation, filenode) -> {
            TableStorage s = after.get(relation);
            if (s == null && attachedNow.contains(relation)) {
                later.add(relation); // planned by its ATTACH, which a copy under a later snapshot follows
                reasons.add(relation + " was attached after this snapshot: the copy its ATTACH started copies it");
            } else if (s == null) {
                dropped.add(relation);
                reasons.add(relation + " no longer holds rows of the table (detached or dropped): not copied");
            } else if (pending.get(relation) && filenode != s.relfilenode()) {
                replanned.add(s);
                reasons.add(filenode < 0 ? "the plan of " + relation + " predates relfilenode tracking: planned again"
                        : relation + " was rewritten (relfilenode " + filenode + " -> " + s.relfilenode()
                        + ": VACUUM FULL, CLUSTER, TRUNCATE, pg_repack or an ALTER TABLE that rewrites it), so its rows moved: "
                        + "all of it is copied again");
            }
        });
        if (fresh) {
            after.values().stream().filter(s -> !filenodes.containsKey(s.relation())).forEach(s -> {
                replanned.add(s);
                reasons.add(s.relation() + " was attached as a partition after the copy was planned: planned too");
            });
        }
        return new Reconciliation(dropped, replanned, later, reasons);
    }

    private void copyAll(RangeCopier copier, ConcurrentLinkedQueue<CopyRange> queue, Map<TableId, Target> byTable,
                         Map<TableId, AtomicInteger> left, Lsn snapshot,
                         AtomicReference<RuntimeException> failure, Consumer<TableId> onTableDone, Consumer<TableId> onRangeDone) {
        CopyRange r;
        while (failure.get() == null && (r = queue.poll()) != null) {
            Target t = byTable.get(r.table());
            try {
                long rows = copier.copy(r, t.mapping(), snapshot, t.progress());
                LOG.debug("copied {} rows of {}", rows, r.describe());
                store.done(r, snapshot, rows);
                onRangeDone.accept(r.table());
                if (left.get(r.table()).decrementAndGet() == 0) {
                    t.progress().finish();
                    onTableDone.accept(r.table());
                }
            } catch (SQLException e) {
                t.progress().fail(e.getMessage());
                failure.compareAndSet(null, new CdcException("copy of " + r.describe() + " under snapshot " + snapshot + " failed: "
                        + e.getMessage() + "; the ranges not yet copied are resumed at the next start", e));
            } catch (RuntimeException e) {
                t.progress().fail(e.getMessage());
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Opens connections to the source database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }
}
