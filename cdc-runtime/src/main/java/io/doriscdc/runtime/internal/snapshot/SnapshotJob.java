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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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

    private final List<Target> targets;
    private final Transport transport;
    private final SnapshotStore store;
    private final String labelPrefix;
    private final int parallelism;
    private final int batchRows;

    public SnapshotJob(List<Target> targets, Transport transport, SnapshotStore store, String labelPrefix, int parallelism, int batchRows) {
        this.targets = List.copyOf(targets);
        this.transport = transport;
        this.store = store;
        this.labelPrefix = labelPrefix;
        this.parallelism = parallelism;
        this.batchRows = batchRows;
    }

    /**
     * Runs the copy: opens the connections, imports the snapshot into each, lets the caller close
     * the exporter ({@code imported}), and copies every pending range.
     *
     * @param connections opens a plain connection
     * @param onTableDone called with each table whose ranges are all committed
     * @throws CdcException when a range cannot be copied or delivered (the ranges done stay done)
     */
    public void run(ExportedSnapshot snapshot, ConnectionFactory connections, Runnable imported, Consumer<TableId> onTableDone,
                    Consumer<TableId> onRangeDone) {
        ConcurrentLinkedQueue<CopyRange> queue = new ConcurrentLinkedQueue<>();
        Map<TableId, Target> byTable = new java.util.HashMap<>();
        Map<TableId, java.util.concurrent.atomic.AtomicInteger> left = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            for (Target t : targets) {
                TableId id = t.mapping().source().id();
                byTable.put(id, t);
                List<CopyRange> pending = store.pending(id);
                if (pending.isEmpty()) {
                    t.progress().finish();
                    onTableDone.accept(id);
                    continue;
                }
                queue.addAll(pending);
                left.put(id, new java.util.concurrent.atomic.AtomicInteger(pending.size()));
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read the snapshot plan: " + e.getMessage(), e);
        }
        List<Connection> opened = new ArrayList<>();
        try {
            int n = Math.max(1, Math.min(parallelism, queue.size()));
            for (int i = 0; i < n; i++) {
                Connection c = connections.open();
                opened.add(c);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.name().replace("'", "''") + "'");
                }
            }
            imported.run();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < opened.size(); i++) {
                RangeCopier copier = new RangeCopier(opened.get(i), transport, labelPrefix);
                Thread t = new Thread(() -> copyAll(copier, queue, byTable, left, snapshot.lsn(), failure, onTableDone, onRangeDone),
                        "doris-cdc-snapshot-" + i);
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
            throw new CdcException("cannot import snapshot " + snapshot.name() + ": " + e.getMessage(), e);
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

    private void copyAll(RangeCopier copier, ConcurrentLinkedQueue<CopyRange> queue, Map<TableId, Target> byTable,
                         Map<TableId, java.util.concurrent.atomic.AtomicInteger> left, Lsn snapshot,
                         AtomicReference<RuntimeException> failure, Consumer<TableId> onTableDone, Consumer<TableId> onRangeDone) {
        CopyRange r;
        while (failure.get() == null && (r = queue.poll()) != null) {
            Target t = byTable.get(r.table());
            try {
                long rows = copier.copy(r, t.mapping(), snapshot, batchRows, t.progress());
                LOG.debug("copied {} rows of {} blocks {} to {}", rows, r.table(), r.startBlock(), r.endBlock());
                store.done(r, snapshot, rows);
                onRangeDone.accept(r.table());
                if (left.get(r.table()).decrementAndGet() == 0) {
                    t.progress().finish();
                    onTableDone.accept(r.table());
                }
            } catch (SQLException e) {
                t.progress().fail(e.getMessage());
                failure.compareAndSet(null, new CdcException("copy of " + r.table() + " blocks " + r.startBlock() + "..: " + e.getMessage(), e));
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
