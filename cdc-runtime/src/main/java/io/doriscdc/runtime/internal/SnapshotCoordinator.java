package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.internal.slot.SlotCommand;
import io.doriscdc.runtime.internal.snapshot.CatalogSchema;
import io.doriscdc.runtime.internal.snapshot.ExportedSnapshot;
import io.doriscdc.runtime.internal.snapshot.SnapshotJob;
import io.doriscdc.runtime.internal.snapshot.SnapshotProgress;
import io.doriscdc.runtime.internal.snapshot.SnapshotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs table copies one job at a time on its own thread, while the stream goes on: the initial copy
 * under the slot's exported snapshot, copies of tables added later and {@code syncTable} re-copies
 * under a temporary slot's snapshot, and the resumption of copies a crash interrupted. Thread-safe.
 */
final class SnapshotCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

    private final PipelineConfig config;
    private final int serverMajor;
    private final Transport transport;
    private final Tables tables;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "doris-cdc-snapshots"));
    private final Map<TableId, SnapshotProgress> progress = new ConcurrentHashMap<>();
    private final AtomicInteger temporarySlots = new AtomicInteger();
    private final CopyRetries retries = new CopyRetries();

    SnapshotCoordinator(PipelineConfig config, int serverMajor, Transport transport, Tables tables) {
        this.config = config;
        this.serverMajor = serverMajor;
        this.transport = new CopyTransport(transport, tables);
        this.tables = tables;
    }

    SnapshotProgress progress(TableId table) {
        return progress.get(table);
    }

    /** Plans a fresh copy of each table (before the job runs, so a crash resumes it). */
    void plan(Connection c, List<TableId> ids) throws SQLException {
        SnapshotStore store = new SnapshotStore(c, config.slotName());
        for (TableId id : ids) {
            store.plan(c, id, config.snapshotChunkPages()); // the table's heap, or each leaf partition's, with its relfilenode
        }
    }

    /** How long a copy waits for the stream to fit Doris to columns it needs before it adds them itself. */
    private static final java.time.Duration STREAM_FIT_WAIT = java.time.Duration.ofSeconds(60);
    /** A stream that handled no transaction for this long is taken as idle: it brings no change soon, the copy goes on. */
    private static final java.time.Duration STREAM_IDLE = java.time.Duration.ofSeconds(2);

    /** Copies under an exported snapshot that the caller created (the initial copy); the snapshot is closed once imported. */
    Future<?> copy(ExportedSnapshot snapshot, List<TableId> ids, int batchRows) {
        ids.forEach(id -> markSnapshotting(id));
        return executor.submit(() -> run(snapshot, ids, batchRows));
    }

    /** Copies under a new temporary slot's snapshot: tables added later, re-syncs and resumed copies. */
    Future<?> copyWithNewSnapshot(List<TableId> ids, int batchRows, boolean replan) {
        ids.forEach(id -> markSnapshotting(id));
        return executor.submit(() -> {
            try {
                if (replan) {
                    try (Connection c = PipelineRunner.connect(config, false)) {
                        plan(c, ids);
                    }
                }
                // unique per process too: the temporary slot of a process killed a moment ago lives
                // until its walsender notices, and a restarted pipeline must not collide with it
                String base = "doris_cdc_tmp_" + config.slotName();
                String slot = base.substring(0, Math.min(40, base.length())) + "_" + ProcessHandle.current().pid() + "_"
                        + temporarySlots.incrementAndGet(); // ≤ 63 chars
                ExportedSnapshot snapshot = ExportedSnapshot.createSlot(PipelineRunner.connect(config, true),
                        new SlotCommand(slot, serverMajor, true, true, false)); // a temporary slot is never a failover slot
                run(snapshot, ids, batchRows);
            } catch (SQLException | RuntimeException e) {
                fail(ids, e, batchRows, replan);
            }
        });
    }

    /**
     * Copies tables again under a new snapshot ({@code sync_table}, {@code Pipeline.syncTable}, a
     * schema change whose values the stream does not carry): the fresh plan is written now, in the
     * caller's thread, so that the re-copy is durable before the request can be acknowledged: a
     * crash or a stop before the copy runs resumes it at the next start.
     *
     * @throws CdcException when the plan cannot be written
     */
    void resync(List<TableId> ids, int batchRows) {
        try (Connection c = PipelineRunner.connect(config, false)) {
            plan(c, ids);
        } catch (SQLException e) {
            throw new io.doriscdc.api.CdcException("cannot plan the copy of " + ids + ": " + e.getMessage(), e);
        }
        copyWithNewSnapshot(ids, batchRows, false);
    }

    /**
     * Worker thread, at the position of an {@code ATTACH PARTITION} (a {@code doris_cdc.partition_changes}
     * row): plans the copy of the attached leaf's rows into the table's Doris table, durably before the
     * change can be acknowledged, then copies it under a new snapshot, after the ATTACH. Its changes
     * since the ATTACH stream through the table meanwhile; rows copied carry the snapshot's version.
     *
     * @throws CdcException when the plan cannot be written (the change is then delivered again)
     */
    void copyLeaf(TableId table, TableId leaf, int batchRows) {
        try (Connection c = PipelineRunner.connect(config, false)) {
            var ranges = new SnapshotStore(c, config.slotName()).planLeaf(c, table, leaf, config.snapshotChunkPages());
            if (ranges.isEmpty()) {
                LOG.info("{} was attached to {} and is no longer a partition of it: nothing to copy", leaf, table);
                return;
            }
            LOG.info("{} was attached to {}: copying its rows ({} ranges)", leaf, table, ranges.size());
        } catch (SQLException e) {
            throw new io.doriscdc.api.CdcException("cannot plan the copy of partition " + leaf + " attached to " + table + ": " + e.getMessage()
                    + "; the pipeline reads the ATTACH again when it restarts", e);
        }
        copyWithNewSnapshot(List.of(table), batchRows, false);
    }

    private void markSnapshotting(TableId id) {
        TableRuntime t = tables.runtimeOf(id);
        if (t != null) {
            t.copyJobs.incrementAndGet();
            t.copyPending = true;
        }
        if (t != null && !t.failed()) {
            t.state = TableState.SNAPSHOTTING;
            notify(() -> config.listener().tableState(id, TableState.SNAPSHOTTING.name(), null));
        }
    }

    private void run(ExportedSnapshot snapshot, List<TableId> ids, int batchRows) {
        java.util.Set<TableId> finished = ConcurrentHashMap.newKeySet();
        try (ExportedSnapshot s = snapshot; Connection c = PipelineRunner.connect(config, false)) {
            SnapshotStore store = new SnapshotStore(c, config.slotName());
            List<SnapshotJob.Target> targets = new ArrayList<>();
            for (TableId id : ids) {
                TableRuntime t = tables.runtimeOf(id);
                if (t == null || t.failed() || t.failRequested) {
                    continue; // its planned ranges stay: the start after the fix copies it under a snapshot of then
                }
                var schema = CatalogSchema.load(c, id, t.keyColumns);
                fitColumns(c, t, schema, s.lsn());
                SnapshotProgress p = new SnapshotProgress(estimate(c, id));
                progress.put(id, p);
                targets.add(new SnapshotJob.Target(new TableMapping(schema, t.route.target()), p));
            }
            long started = System.nanoTime();
            long batchBytes = SnapshotJob.batchBytes(config.memoryBudgetBytes(), config.snapshotParallelism(), config.batchMaxBytes());
            new SnapshotJob(targets, transport, store, config.labelPrefix(), config.snapshotParallelism(), batchRows, batchBytes,
                    config.snapshotChunkPages())
                    .run(s, () -> PipelineRunner.connect(config, false), s::close, id -> {
                        finished.add(id);
                        tableDone(id);
                    }, this::rangeDone);
            LOG.info("copied {} under snapshot {} in {} ms", ids, s.lsn(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (SQLException | RuntimeException e) {
            fail(ids.stream().filter(id -> !finished.contains(id)).toList(), e, batchRows, false);
        }
    }

    /**
     * Before a copy: columns of the table that Doris lacks are added first, as the stream would; Doris
     * would drop the copied values of a column it has not. While the stream is still before the
     * snapshot and moving, it is given a while to bring them itself (a bounded wait): a column that is
     * new by name may be a renamed one, which only the stream can tell and rename in Doris; added
     * here, the old column would stay beside it.
     *
     * @throws CdcException when the policy or Doris refuses: the copy fails and is tried again
     */
    private void fitColumns(Connection c, TableRuntime t, io.doriscdc.api.schema.TableSchema schema, io.doriscdc.api.Lsn snapshotLsn)
            throws SQLException {
        var sql = transport.sql();
        if (sql.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + STREAM_FIT_WAIT.toNanos();
        List<io.doriscdc.api.schema.Column> missing = missingInDoris(sql.get(), t, schema);
        while (!missing.isEmpty() && tables.streamedTo().isBefore(snapshotLsn) && System.nanoTime() < deadline && !t.failed()
                && System.nanoTime() - tables.streamedAtNanos() < STREAM_IDLE.toNanos()) {
            try {
                Thread.sleep(200); // the worker's progress through the stream: polled, the copy has nothing else to do yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.doriscdc.api.CdcException("interrupted before the copy of " + t.route.source(), e);
            }
            missing = missingInDoris(sql.get(), t, schema);
        }
        if (missing.isEmpty()) {
            return;
        }
        SchemaDiff diff = new SchemaDiff(missing, List.of(), Map.of(), List.of());
        SchemaPlan plan = SchemaPlan.of(t.route, diff, false, sql.get(), c);
        if (config.schemaChanges() == io.doriscdc.runtime.SchemaChangePolicy.FAIL || plan.refusal() != null) {
            throw new io.doriscdc.api.CdcException("the copy of " + t.route.source() + " needs columns Doris table " + t.route.target()
                    + " lacks (" + diff + ")" + (plan.refusal() == null ? " and policies.schema-changes is fail" : ": " + plan.refusal())
                    + "; fit the Doris table: " + String.join("; ", plan.statements()));
        }
        LOG.info("before the copy of {}: {}", t.route.source(), String.join("; ", plan.statements()));
        plan.apply(sql.get(), t.route);
    }

    private static List<io.doriscdc.api.schema.Column> missingInDoris(io.doriscdc.api.transport.SqlEndpoint sql, TableRuntime t,
                                                                    io.doriscdc.api.schema.TableSchema schema) {
        java.util.Set<String> doris = new java.util.HashSet<>();
        for (var row : sql.execute(t.route.target().database(), "DESC " + t.route.target().toSql())) {
            doris.add(String.valueOf(row.get("Field")));
        }
        return schema.columns().stream().filter(col -> !doris.contains(col.name())).toList();
    }

    private void rangeDone(TableId id) {
        SnapshotProgress p = progress.get(id);
        if (p != null) {
            notify(() -> config.listener().snapshotProgress(id, p.rowsDone(), p.rowsEstimated()));
        }
    }

    private void notify(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline listener threw {}; ignored", e.toString());
        }
    }

    private void tableDone(TableId id) {
        TableRuntime t = tables.runtimeOf(id);
        SnapshotProgress p = progress.get(id);
        LOG.info("copy of {} done: {} rows", id, p == null ? "?" : p.rowsDone());
        retries.done(id);
        if (t != null && t.copyJobs.decrementAndGet() > 0) {
            return; // another copy of the table is queued (an ATTACH, a sync_table): it is not done yet
        }
        if (t != null) {
            t.copyPending = false; // every copied row is committed in Doris: partial updates find their keys
        }
        if (t != null && t.state == TableState.SNAPSHOTTING) {
            t.state = TableState.STREAMING;
            notify(() -> config.listener().tableState(id, TableState.STREAMING.name(), null));
        }
    }

    /**
     * A copy that did not finish leaves its ranges pending for the next start (or syncTable). A
     * passing failure keeps the table streaming, SNAPSHOTTING with the error, and the copy is tried
     * again after a pause that grows ({@link CopyRetries}); a refusal for good (a value Doris cannot
     * hold) stops the table through {@link Tables#fail}, which holds the slot.
     */
    private void fail(List<TableId> ids, Exception e, int batchRows, boolean replan) {
        boolean stopping = executor.isShutdown();
        if (stopping) {
            LOG.info("copy of {} interrupted by the pipeline's stop; the ranges not yet copied are resumed at the next start", ids);
            return;
        }
        io.doriscdc.api.transport.TransportException refused = CopyRetries.refusal(e);
        if (refused != null && retries.stopsNow(refused, ids)) {
            // a value Doris (or the encoder) refuses for good: trying again cannot help; the table stops, holding the slot
            for (TableId id : ids) {
                TableRuntime t = tables.runtimeOf(id);
                if (t != null) {
                    t.copyJobs.decrementAndGet();
                }
                tables.fail(id, "the copy of " + id + " was refused: " + refused.getMessage() + "; fix the value (or the policy that"
                        + " refuses it), then restart the pipeline: the ranges not yet copied are copied then, and the slot is held here");
            }
            return;
        }
        long pause = retries.failed(ids);
        String message = "copy of " + ids + " failed: " + e.getMessage() + "; the ranges not yet copied are resumed in " + pause + " s";
        LOG.error(message, e);
        for (TableId id : ids) {
            TableRuntime t = tables.runtimeOf(id);
            if (t != null) {
                t.copyJobs.decrementAndGet(); // copyPending stays set: the retry below counts again
                t.lastError = message;
            }
        }
        // a copy that failed (PostgreSQL restarted, Doris refused for a while) is tried again: the
        // table must not stay without its rows until the next start
        CompletableFuture.delayedExecutor(pause, TimeUnit.SECONDS).execute(() -> {
            if (!executor.isShutdown()) {
                try {
                    copyWithNewSnapshot(ids.stream().filter(tables::contains).toList(), batchRows, replan); // planning may be what failed
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    // the pipeline stopped meanwhile: the next start resumes the copy
                }
            }
        });
    }

    private static long estimate(Connection c, TableId id) throws SQLException {
        return SnapshotJob.estimatedRows(c, id); // the sum over the leaves of a partitioned table
    }

    /**
     * Adds a newly mapped table to the publication, in order with the copies. When PostgreSQL
     * refuses (for example the pipeline user does not own an admin-made publication), the table goes
     * FAILED with the statement to run: no change of it would ever arrive otherwise.
     */
    void publish(TableId id) {
        submit(() -> {
            try (Connection c = PipelineRunner.connect(config, false)) {
                Failpoints.hit(Failpoints.PUBLISH); // a test makes PostgreSQL refuse it, as for a user who does not own the publication
                new PgSetup(c).ensurePublication(config.publicationName(), List.of(id));
            } catch (SQLException | io.doriscdc.api.ConfigException e) {
                String pub = io.doriscdc.api.Identifiers.quotePg(config.publicationName());
                String cause = e instanceof io.doriscdc.api.ConfigException ? e.getMessage()
                        : "cannot add " + id + " to publication " + config.publicationName() + ": " + e.getMessage();
                String error = cause + (cause.contains("unlogged") ? "; it is UNLOGGED, so its changes never reach WAL: first run ALTER TABLE "
                        + id.toSql() + " SET LOGGED" : "")
                        + "; no change of it reaches Doris until it is published (as the publication's owner: ALTER PUBLICATION " + pub
                        + " ADD TABLE " + id.toSql() + ", or make the pipeline user its owner: ALTER PUBLICATION " + pub
                        + " OWNER TO <pipeline user>), then restart the pipeline: the slot is held here and the table is copied at that start";
                LOG.warn("{}", error, e);
                tables.fail(id, error); // holds the slot: a restart after the fix replays what came meanwhile
            }
        });
    }

    /** Work that must run in order with the copies (publication changes). */
    interface SqlTask {
        void run() throws SQLException;
    }

    void submit(SqlTask task) {
        executor.submit(() -> {
            try {
                task.run();
            } catch (SQLException | RuntimeException e) {
                LOG.error("control task failed: {}", e.getMessage(), e);
            }
        });
    }

    /**
     * Mapped tables that were never copied: no copy was ever planned for them (added to the
     * configuration on a restart, by {@code doris_cdc.add_table} while the pipeline was stopped, or
     * mapped just before a crash). Each is copied at start (ARCHITECTURE.md invariant 7).
     */
    List<TableId> neverCopied(Connection c) throws SQLException {
        java.util.Set<TableId> planned = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT table_schema, table_name FROM doris_cdc.snapshot_ranges WHERE pipeline = ?")) {
            ps.setString(1, config.slotName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    planned.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<TableId> out = new ArrayList<>();
        for (var r : tables.routes()) {
            if (!planned.contains(r.source())) {
                out.add(r.source());
            }
        }
        return out;
    }

    /** Marks tables whose copy is about to run (before the stream starts, so that no partial update of theirs slips through). */
    void copyPending(List<TableId> ids) {
        for (TableId id : ids) {
            TableRuntime t = tables.runtimeOf(id);
            if (t != null) {
                t.copyPending = true;
            }
        }
    }

    /** Tables of this pipeline with ranges left from an interrupted copy (none when the schema is not installed). */
    List<TableId> interruptedIfAny(Connection c, boolean schemaInstalled) throws SQLException {
        return schemaInstalled ? interrupted(c) : List.of();
    }

    private List<TableId> interrupted(Connection c) throws SQLException {
        List<TableId> out = new ArrayList<>();
        for (TableId id : new SnapshotStore(c, config.slotName()).tablesWithPendingRanges()) {
            if (tables.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("a table copy did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
