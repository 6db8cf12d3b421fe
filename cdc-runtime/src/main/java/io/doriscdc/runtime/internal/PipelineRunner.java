package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.SlotFailover;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TruncatePolicy;
import io.doriscdc.runtime.TableStatus;
import io.doriscdc.runtime.doris.PgCatalog;
import io.doriscdc.runtime.doris.TargetTables;
import io.doriscdc.runtime.internal.control.CommandLog;
import io.doriscdc.runtime.internal.control.ControlPlane;
import io.doriscdc.runtime.internal.slot.FailoverSlots;
import io.doriscdc.runtime.internal.slot.ReplicationSlots;
import io.doriscdc.runtime.internal.slot.SlotCommand;
import io.doriscdc.runtime.internal.snapshot.ExportedSnapshot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started pipeline: its threads, its connections and the control operations. Created by
 * {@link io.doriscdc.runtime.Pipeline#start()}. Thread-safe.
 */
public final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final PipelineConfig config;
    private final Transport transport;
    private final Tables tables;
    private final ReplicationSource source;
    private final Worker worker;
    private final Thread readerThread;
    private final Thread workerThread;
    private final SnapshotCoordinator snapshots;
    private final ControlMessages control;
    private final SlotFailover slotFailover;
    private final java.util.concurrent.ScheduledExecutorService scheduler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "doris-cdc-status"));
    private volatile boolean stopped;

    private PipelineRunner(PipelineConfig config, Transport transport, Tables tables, ReplicationSource source, Worker worker,
                           SnapshotCoordinator snapshots, ControlMessages control, SlotFailover slotFailover) {
        this.config = config;
        this.slotFailover = slotFailover;
        this.snapshots = snapshots;
        this.control = control;
        this.transport = transport;
        this.tables = tables;
        this.source = source;
        this.worker = worker;
        this.readerThread = new Thread(source, "doris-cdc-reader-" + config.slotName());
        this.workerThread = new Thread(worker, "doris-cdc-worker-" + config.slotName());
    }

    public static PipelineRunner start(PipelineConfig config, Transport transport) {
        return start(config, transport, false, LeaseGuard.NONE);
    }

    /**
     * @param textValues stream text values whatever the tables' types (after {@link TextValuesNeeded})
     * @param guard      the high-availability lease ({@link LeaseGuard#NONE} without): told the walsender, asked before a TRUNCATE or schema change
     * @throws SlotBusy when another walsender holds the slot (nothing was started)
     */
    public static PipelineRunner start(PipelineConfig config, Transport transport, boolean textValues, LeaseGuard guard) {
        ExportedSnapshot initial = null;
        Failpoints.pass("start:" + config.instanceId()); // a test holds a start here, as a slow server would
        try (Connection c = connect(config, false)) {
            PgSetup setup = new PgSetup(c);
            setup.checkServer();
            int major = setup.majorVersion();
            boolean failover = FailoverSlots.forNewSlot(config.failoverSlot(), major); // refuses 'true' before 17 before anything is recorded
            // the doris_cdc schema holds the copy plans, the control plane and the applied TRUNCATEs and column changes
            // and, with high availability, the lease
            boolean schema = config.sqlControlPlane() || config.initialSnapshot() || config.truncatePolicy() == TruncatePolicy.PROPAGATE
                    || config.highAvailability();
            if (schema) {
                ControlPlane.install(c);
            }
            setup.keyColumns(config.sourceTables()); // refuse an unusable configured table before recording anything
            boolean ranBefore = config.sqlControlPlane() && ControlPlane.reportedBefore(c, config.slotName());
            Optional<Lsn> existing = setup.slotPosition(config.slotName());
            List<TableRoute> routes = routes(config, c, existing.isPresent());
            List<TableId> sources = routes.stream().map(TableRoute::source).toList();
            Map<TableId, List<String>> keys = setup.keyColumns(sources);
            SourceChecks.atStart(c, config, routes, schema, () -> connect(config, true)); // before the publication and slot are touched
            List<TableId> published = new ArrayList<>(sources);
            if (config.sqlControlPlane()) {
                published.add(ControlPlane.COMMANDS); // the only path of SQL commands into the pipeline
            }
            setup.ensurePublication(config.publicationName(), published);
            warnIfPartitionsNotFollowed(config, c, setup.partitioned(sources));
            List<String> subsets = new ArrayList<>(setup.publishedInPart(config.publicationName(), sources));
            List<String> unpublished = setup.unpublishedGeneratedColumns(sources);
            if (!unpublished.isEmpty()) {
                subsets.add("the generated columns " + unpublished + ", which PostgreSQL " + major + " does not publish (stored ones are"
                        + " published from PostgreSQL 18, virtual ones never; make them plain columns, or leave them out of the Doris table)");
            }
            if (!subsets.isEmpty() && !config.acceptPublicationSubsets()) {
                throw new ConfigException("publication " + config.publicationName() + " publishes only part of " + String.join(", ", subsets)
                        + ": Doris would receive a subset of the table without a word (columns left out are NULL, rows outside the filter"
                        + " never arrive). Publish the whole table (ALTER PUBLICATION " + io.doriscdc.api.Identifiers.quotePg(config.publicationName())
                        + " SET TABLE ... without a column list or WHERE), or accept the subset (replication.accept-publication-subsets: true)");
            }
            if (!subsets.isEmpty()) {
                LOG.warn("publication {} publishes only part of {}: accepted (replication.accept-publication-subsets); Doris receives that subset",
                        config.publicationName(), subsets);
            }
            if (config.createTables()) {
                createTables(c, transport, routes, StreamedTables.atStart(c, config.slotName(), existing.isPresent(), config.sqlControlPlane(), routes));
            }
            checkTargets(transport, routes);
            Tables tables = new Tables(routes, keys);
            TruncateLog truncates = new TruncateLog(config.slotName(), () -> connect(config, false));
            if (schema) {
                tables.truncatedAt(truncates.load());
                tables.schemaChangedAt(new SchemaLog(config.slotName(), () -> connect(config, false)).load());
                tables.recordSchemaChanges();
            }
            SnapshotCoordinator snapshots = new SnapshotCoordinator(config, major, transport, tables);
            Lsn start;
            if (existing.isPresent()) {
                start = existing.get();
                FailoverSlots.enableIfWanted(c, () -> connect(config, true), config.slotName(), config.failoverSlot(), major);
            } else {
                if (ranBefore) {
                    FailoverSlots.warnLost(config.slotName(), config.initialSnapshot());
                }
                if (config.initialSnapshot()) {
                    // plan first: a crash after the slot exists then resumes the copy instead of skipping it
                    snapshots.plan(c, sources);
                    initial = ExportedSnapshot.createSlot(connect(config, true), new SlotCommand(config.slotName(), major, false, true, failover));
                    start = initial.lsn();
                } else {
                    start = ReplicationSlots.create(connect(config, true), new SlotCommand(config.slotName(), major, false, false, failover));
                }
            }
            SlotFailover slotFailover = FailoverSlots.inspect(c, config.slotName(), config.failoverSlot());
            FailoverSlots.log(slotFailover);
            int proto = PgSetup.protocolFor(major);
            boolean binary = config.binaryValues() && !textValues && ReplicationOptions.binaryReadable(setup, sources);
            Map<String, String> options = ReplicationOptions.of(proto, config.publicationName(), binary);
            HeapFit.warning(config.memoryBudgetBytes(), Runtime.getRuntime().maxMemory()).ifPresent(w -> LOG.warn("pipeline {}: {}", config.slotName(), w));
            // a quarter of the memory budget for frames read but not yet decoded, the rest for batches and staged transactions
            long ringBytes = Math.max(1L << 20, config.memoryBudgetBytes() / 4);
            FrameRing ring = new FrameRing(config.ringSize(), ringBytes);
            MemoryBudget budget = new MemoryBudget(Math.max(1L << 20, config.memoryBudgetBytes() - ringBytes));
            ReplicationSource source = new ReplicationSource(connect(config, true), config.slotName(), start.value(), options,
                    config.statusInterval(), ring);
            source.failpoint("reader:" + config.instanceId());
            try {
                source.open(guard); // START_REPLICATION before anything else runs: a slot held by another walsender stops the start here
            } catch (SQLException | RuntimeException e) {
                source.discard();
                snapshots.close();
                throw e;
            }
            try {
                return started(config, transport, c, tables, truncates, snapshots, source, start, slotFailover, major,
                        binary, ring, budget, guard, sources, schema, initial);
            } catch (SQLException | RuntimeException | Error e) {
                // the replication connection holds the slot: left open, the next start (or a standby) finds it busy
                source.discard();
                snapshots.close();
                throw e;
            } finally {
                initial = null; // the copy closes it, or started() did
            }
        } catch (SQLException e) {
            throw new CdcException("cannot prepare PostgreSQL for pipeline " + config.slotName() + ": " + e.getMessage()
                    + ConnectHints.hint(config.jdbcUrl(), config.pgProperties(), e), e);
        } finally {
            if (initial != null) {
                initial.close();
            }
        }
    }

    /** The rest of {@link #start} once the stream is open: the threads, the copies, the status writer. */
    private static PipelineRunner started(PipelineConfig config, Transport transport, Connection c, Tables tables,
                                          TruncateLog truncates, SnapshotCoordinator snapshots, ReplicationSource source, Lsn start,
                                          SlotFailover slotFailover, int major, boolean binary, FrameRing ring, MemoryBudget budget,
                                          LeaseGuard guard, List<TableId> sources, boolean schema, ExportedSnapshot initial)
            throws SQLException {
        PipelineRunner runner = null;
        try {
            AckTracker ack = new AckTracker(start);
            Delivery delivery = new Delivery(config, transport, tables, budget, truncates, guard);
            ControlMessages control = config.sqlControlPlane() ? new SqlControl(config, tables, snapshots) : ControlMessages.NONE;
            Worker worker = new Worker(config, ring, source, tables, delivery, ack, budget, control, snapshots, binary);
            runner = new PipelineRunner(config, transport, tables, source, worker, snapshots, control, slotFailover);
            List<TableId> interrupted = initial != null ? List.of() : snapshots.interruptedIfAny(c, schema);
            List<TableId> neverCopied = initial != null || !config.initialSnapshot() ? List.of() : snapshots.neverCopied(c);
            snapshots.copyPending(initial != null ? sources : interrupted);
            snapshots.copyPending(neverCopied);
            runner.readerThread.start();
            runner.workerThread.start();
            if (initial != null) {
                snapshots.copy(initial, sources, config.snapshotBatchRows());
                initial = null;
            } else {
                if (!interrupted.isEmpty()) {
                    LOG.info("resuming the interrupted copy of {}", interrupted);
                    snapshots.copyWithNewSnapshot(interrupted, config.snapshotBatchRows(), false);
                }
                if (!neverCopied.isEmpty()) {
                    LOG.info("copying {}: mapped, but never copied", neverCopied);
                    snapshots.copyWithNewSnapshot(neverCopied, config.snapshotBatchRows(), true);
                }
            }
            if (config.sqlControlPlane()) {
                runner.scheduler.scheduleWithFixedDelay(new StatusWriter(config, runner::status, tables), 0,
                        Math.max(500, config.statusInterval().toMillis() / 2), TimeUnit.MILLISECONDS);
            }
            // what an operator can change under the pipeline that would make Doris diverge silently (docs/operations.md)
            runner.scheduler.scheduleWithFixedDelay(new PublicationWatch(config, tables), PublicationWatch.PERIOD_MS,
                    PublicationWatch.PERIOD_MS, TimeUnit.MILLISECONDS);
            LOG.info("pipeline {} started: PostgreSQL {}, protocol {}, {} values, {} table(s), transport {}",
                    config.slotName(), major, PgSetup.protocolFor(major), binary ? "binary" : "text", sources.size(), transport.scheme());
            return runner;
        } catch (SQLException | RuntimeException | Error e) {
            if (initial != null) {
                initial.close();
            }
            if (runner != null) {
                runner.discardFailedStart();
            }
            throw e;
        }
    }

    /** A start that failed after its threads began: they end, and the reader closes the connection that holds the slot. */
    private void discardFailedStart() {
        stopped = true;
        scheduler.shutdownNow();
        worker.stop();
        source.stop();
        join(workerThread, "worker");
        join(readerThread, "reader");
    }

    /**
     * ATTACH and DETACH PARTITION reach the pipeline only through the control plane's event
     * triggers: without them, an attached table's rows never reach Doris and a detached one's stay
     * there. Says so, with the statements to run, for each mapped partitioned table.
     */
    private static void warnIfPartitionsNotFollowed(PipelineConfig config, Connection c, List<TableId> partitioned) throws SQLException {
        if (partitioned.isEmpty()) {
            return;
        }
        if (!config.sqlControlPlane()) {
            LOG.warn("ATTACH and DETACH PARTITION of {} are not followed: the SQL control plane is off (replication.control-plane: false), so an attached"
                    + " partition's rows do not reach Doris and a detached one's stay there; turn it on to follow them", partitioned);
            return;
        }
        for (TableId root : partitioned) {
            List<String> missed = ControlPlane.followTruncates(c, root);
            if (!missed.isEmpty()) {
                LOG.warn("a TRUNCATE of some partitions of {} is not followed on {}: the pipeline user may not create triggers there, so"
                        + " their rows would stay in Doris after a TRUNCATE of the partition (PostgreSQL publishes it through no root);"
                        + " as the tables' owner run: {}", root, missed, ControlPlane.truncateTriggerStatements(missed, root.toSql()));
            }
        }
        List<String> missing = ControlPlane.missingPartitionTriggers(c);
        if (!missing.isEmpty()) {
            LOG.warn("ATTACH and DETACH PARTITION of {} are not followed: event trigger(s) {} are missing (creating them needs a superuser),"
                    + " so an attached partition's rows do not reach Doris and a detached one's stay there; as a superuser run: {}",
                    partitioned, missing, ControlPlane.partitionTriggerStatements(missing));
        }
    }

    /**
     * Creates the Doris tables of {@code routes} that are missing, from the PostgreSQL catalog, and
     * checks those that exist ({@link TargetTables}).
     *
     * @throws ConfigException when the transport has no SQL endpoint, or a table does not fit
     */
    static void createTables(Connection c, Transport transport, List<TableRoute> routes) throws SQLException {
        createTables(c, transport, routes, java.util.Set.of());
    }

    /** As above; a table of {@code streamed} may lag PostgreSQL's columns, its slot replays them ({@link StreamedTables}). */
    static void createTables(Connection c, Transport transport, List<TableRoute> routes, java.util.Set<TableId> streamed) throws SQLException {
        var sql = transport.sql().orElseThrow(() -> new ConfigException("transport " + transport.scheme() + " has no SQL endpoint to "
                + "create tables with; create them by hand (see docs/operations.md) and turn table creation off (transport.create-tables: false)"));
        for (TableRoute r : routes) {
            TargetTables.create(sql, r.source(), r.target(), PgCatalog.columns(c, r.source()), streamed.contains(r.source()));
        }
    }

    /**
     * Refuses a target table whose sequence column cannot hold doris-cdc's versions (a table made by
     * doris-cdc 0.1), when the transport can ask Doris; a table Doris cannot describe (not created
     * yet, or the SQL endpoint unreachable) is left to the first load to report.
     */
    static void checkTargets(Transport transport, List<TableRoute> routes) {
        var sql = transport.sql();
        if (sql.isEmpty()) {
            return;
        }
        for (TableRoute r : routes) {
            try {
                SequenceColumn.require(sql.get(), r.source(), r.target(), null);
            } catch (io.doriscdc.api.transport.TransportException e) {
                LOG.warn("cannot check the sequence column of Doris table {}: {}", r.target(), e.getMessage());
            }
        }
    }

    /**
     * The configured routes, plus those added through {@code doris_cdc.add_table}; configured ones are recorded there too.
     * With an existing slot, as of its position ({@link CommandLog}): commands it has not passed apply when the stream reaches them.
     */
    private static List<TableRoute> routes(PipelineConfig config, Connection c, boolean slotExists) throws SQLException {
        if (!config.sqlControlPlane()) {
            return config.routes();
        }
        List<TableRoute> routes = new ArrayList<>(config.routes());
        ControlPlane.register(c, config.slotName(), config.publicationName());
        for (TableRoute r : config.routes()) {
            ControlPlane.record(c, config.slotName(), r);
        }
        routes.addAll(ControlPlane.mappings(c, config.slotName()));
        if (!slotExists) {
            CommandLog.allApplied(c, config.slotName());
        }
        return CommandLog.asOfSlot(c, config.slotName(), routes,
                config.routes().stream().map(TableRoute::source).collect(java.util.stream.Collectors.toSet()));
    }

    static Connection connect(PipelineConfig config, boolean replication) throws SQLException {
        Properties p = new Properties();
        config.pgProperties().forEach(p::setProperty);
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("ApplicationName", "doris-cdc " + config.slotName());
        if (replication) {
            p.setProperty("replication", "database");
            p.setProperty("preferQueryMode", "simple");
            p.setProperty("assumeMinServerVersion", "10");
        }
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    /** Graceful stop: stop reading, deliver and acknowledge what was read, close. */
    public void stop() {
        stop(false);
    }

    /**
     * Stop of an instance that lost its high-availability lease: nothing read is delivered or
     * acknowledged any more (batches held, even those behind a load in flight, are dropped); the
     * instance that took over replays them from the slot.
     */
    public void abandon() {
        stop(true);
    }

    private void stop(boolean abandon) {
        if (stopped) {
            return;
        }
        stopped = true;
        snapshots.close();
        source.pause();
        if (abandon) {
            worker.abandon();
        } else {
            worker.stop();
        }
        join(workerThread, "worker");
        source.stop();
        join(readerThread, "reader");
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (config.sqlControlPlane()) {
            new StatusWriter(config, this::status, tables).run(); // the final state (PAUSED)
        }
        transport.close();
        LOG.info("pipeline {} stopped at {}", config.slotName(), Lsn.of(source.lastFlushed()));
    }

    private static void join(Thread t, String what) {
        try {
            t.join(TimeUnit.MINUTES.toMillis(5));
            if (t.isAlive()) {
                LOG.warn("the {} thread did not end within 5 minutes", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why a table waits for Doris (the first such table's reason), or empty when none does. */
    public Optional<String> waitingForDoris() {
        for (var e : tables.view().entrySet()) {
            String w = e.getValue().waitingForDoris;
            if (w != null) {
                return Optional.of(e.getKey() + ": " + w);
            }
        }
        return Optional.empty();
    }

    public boolean isRunning() {
        return !stopped && workerThread.isAlive() && readerThread.isAlive();
    }

    /** Whether the slot survives a failover of PostgreSQL, as the server reported it at start. */
    public SlotFailover slotFailover() {
        return slotFailover;
    }

    /** Why the pipeline stopped on its own: what ended its worker or reader thread, whatever it was. */
    public Optional<Throwable> failure() {
        Throwable w = worker.failure();
        Throwable f = w != null ? w : source.failure();
        if (f == null && !stopped && !(workerThread.isAlive() && readerThread.isAlive())) {
            f = new CdcException("the " + (workerThread.isAlive() ? "reader" : "worker") + " thread of pipeline " + config.slotName()
                    + " ended without a recorded cause (see the log above); restart the pipeline, it resumes from the slot");
        }
        return Optional.ofNullable(f);
    }

    public long memoryHighWater() {
        return worker.memoryHighWater();
    }

    public Lsn acknowledged() {
        return Lsn.of(source.lastFlushed());
    }

    public void addTable(TableRoute route) {
        List<String> keys;
        try (Connection c = connect(config, false)) {
            keys = new PgSetup(c).keyColumns(route.source());
            new SourceChecks(c).requireLogged(List.of(route.source()));
            if (config.createTables()) {
                createTables(c, transport, List.of(route));
            }
            checkTargets(transport, List.of(route));
            if (config.sqlControlPlane()) {
                ControlPlane.record(c, config.slotName(), route);
            }
        } catch (SQLException e) {
            throw new CdcException("cannot add " + route + ": " + e.getMessage(), e);
        }
        awaitCommand("add " + route, w -> {
            tables.add(route, keys, w);
            snapshots.copyPending(List.of(route.source()));
        });
        snapshots.publish(route.source());
        snapshots.copyWithNewSnapshot(List.of(route.source()), config.snapshotBatchRows(), true);
    }

    /** Re-copies a table under a new snapshot while the stream goes on (rows keep their newest version). */
    public void syncTable(TableId table, int batchRows) {
        if (!tables.contains(table)) {
            throw new ConfigException("table " + table + " is not mapped; mapped: " + tables.routes());
        }
        if (batchRows < 1) {
            throw new ConfigException("batch size " + batchRows + " must be at least 1");
        }
        snapshots.resync(List.of(table), batchRows);
    }

    private void awaitCommand(String what, java.util.function.Consumer<Worker> command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tables.submit(w -> {
            try {
                command.accept(w);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while waiting to " + what, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CdcException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CdcException("the pipeline did not " + what + " within 5 minutes (is it stopped?)", e);
        }
    }

    public void removeTable(TableId table) {
        if (!tables.contains(table)) {
            throw new ConfigException("table " + table + " is not mapped; mapped: " + tables.routes());
        }
        awaitCommand("remove " + table, w -> tables.remove(table, w));
        try (Connection c = connect(config, false)) {
            new PgSetup(c).dropFromPublication(config.publicationName(), table);
            if (config.sqlControlPlane()) {
                ControlPlane.forget(c, config.slotName(), table);
            }
        } catch (SQLException e) {
            throw new CdcException("cannot remove " + table + " from publication " + config.publicationName() + ": " + e.getMessage(), e);
        }
    }

    /** Changes of tables the publication publishes but no route maps, since the start, by table. */
    public java.util.Map<TableId, Long> unmapped() {
        return tables.unmapped();
    }

    public List<TableStatus> status() {
        long lag = Math.max(0, Lsn.of(source.lastReceived()).bytesSince(Lsn.of(source.lastFlushed())));
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        boolean running = isRunning();
        List<TableStatus> out = new ArrayList<>();
        for (var e : tables.view().entrySet()) {
            TableRuntime t = e.getValue();
            long pending = t.oldestPendingCommitMicros;
            Duration timeLag = pending == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, nowMicros - pending) * 1000);
            TableState state = t.state == TableState.STREAMING && !running ? TableState.PAUSED
                    : t.state == TableState.STREAMING && t.waitingForDoris != null ? TableState.WAITING_FOR_DORIS : t.state;
            var p = snapshots.progress(e.getKey());
            TableStatus.SnapshotStatus snap = p == null ? null
                    : new TableStatus.SnapshotStatus(p.rowsDone(), p.rowsEstimated(), p.rate(), p.etaSeconds(), p.done());
            String error = state == TableState.WAITING_FOR_DORIS ? t.waitingForDoris : t.lastError;
            out.add(new TableStatus(t.route, state, lag, timeLag, t.rowsDelivered, t.bytesDelivered, error, now, snap));
        }
        out.sort((a, b) -> a.route().source().compareTo(b.route().source()));
        return out;
    }
}
