package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.pgoutput.PgTypes;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TableStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private volatile boolean stopped;

    private PipelineRunner(PipelineConfig config, Transport transport, Tables tables, ReplicationSource source, Worker worker) {
        this.config = config;
        this.transport = transport;
        this.tables = tables;
        this.source = source;
        this.worker = worker;
        this.readerThread = new Thread(source, "doris-cdc-reader-" + config.slotName());
        this.workerThread = new Thread(worker, "doris-cdc-worker-" + config.slotName());
    }

    public static PipelineRunner start(PipelineConfig config, Transport transport) {
        try (Connection c = connect(config, false)) {
            PgSetup setup = new PgSetup(c);
            setup.checkServer();
            int major = setup.majorVersion();
            List<TableId> sources = config.sourceTables();
            Map<TableId, List<String>> keys = setup.keyColumns(sources);
            setup.ensurePublication(config.publicationName(), sources);
            Lsn start = setup.slotPosition(config.slotName()).orElseGet(() -> createSlot(setup, config.slotName()));
            boolean binary = config.binaryValues() && binaryReadable(setup, sources);
            Map<String, String> options = new LinkedHashMap<>();
            int proto = PgSetup.protocolFor(major);
            options.put("proto_version", Integer.toString(proto));
            options.put("publication_names", publicationOption(config.publicationName()));
            options.put("messages", "true");
            if (binary) {
                options.put("binary", "true");
            }
            if (proto >= 2) {
                options.put("streaming", "on");
            }
            Tables tables = new Tables(config.routes(), keys);
            // a quarter of the memory budget for frames read but not yet decoded, the rest for batches and staged transactions
            long ringBytes = Math.max(1L << 20, config.memoryBudgetBytes() / 4);
            FrameRing ring = new FrameRing(config.ringSize(), ringBytes);
            MemoryBudget budget = new MemoryBudget(Math.max(1L << 20, config.memoryBudgetBytes() - ringBytes));
            ReplicationSource source = new ReplicationSource(connect(config, true), config.slotName(), start.value(), options,
                    config.statusInterval(), ring);
            AckTracker ack = new AckTracker(start.value());
            Delivery delivery = new Delivery(config, transport, tables, budget);
            Worker worker = new Worker(config, ring, source, tables, delivery, ack, budget, ControlMessages.NONE);
            PipelineRunner runner = new PipelineRunner(config, transport, tables, source, worker);
            runner.readerThread.start();
            runner.workerThread.start();
            LOG.info("pipeline {} started: PostgreSQL {}, protocol {}, {} values, {} table(s), transport {}",
                    config.slotName(), major, proto, binary ? "binary" : "text", sources.size(), transport.scheme());
            return runner;
        } catch (SQLException e) {
            throw new CdcException("cannot prepare PostgreSQL for pipeline " + config.slotName() + ": " + e.getMessage(), e);
        }
    }

    private static Lsn createSlot(PgSetup setup, String slot) {
        try {
            return setup.createSlot(slot);
        } catch (SQLException e) {
            throw new CdcException("cannot create replication slot " + slot + ": " + e.getMessage()
                    + " (is max_replication_slots reached? see pg_replication_slots)", e);
        }
    }

    private static boolean binaryReadable(PgSetup setup, List<TableId> tables) throws SQLException {
        for (TableId t : tables) {
            for (int oid : setup.columnTypes(t)) {
                if (!PgTypes.binaryReadable(oid)) {
                    LOG.info("table {} has a column of type OID {} whose binary form is not decoded; using text values", t, oid);
                    return false;
                }
            }
        }
        return true;
    }

    /** pgjdbc sends option values single-quoted verbatim; pgoutput reads the value as a list of identifiers. */
    private static String publicationOption(String publication) {
        if (publication.indexOf('\'') >= 0 || publication.indexOf('\\') >= 0) {
            throw new ConfigException("publication name '" + publication + "' contains a quote or backslash, which pgjdbc cannot pass as a slot option");
        }
        return '"' + publication.replace("\"", "\"\"") + '"';
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
        if (stopped) {
            return;
        }
        stopped = true;
        source.pause();
        worker.stop();
        join(workerThread, "worker");
        source.stop();
        join(readerThread, "reader");
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

    public boolean isRunning() {
        return !stopped && workerThread.isAlive() && readerThread.isAlive();
    }

    public Optional<Throwable> failure() {
        Throwable w = worker.failure();
        return Optional.ofNullable(w != null ? w : source.failure());
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
            PgSetup setup = new PgSetup(c);
            keys = setup.keyColumns(route.source());
            CompletableFuture<Void> added = new CompletableFuture<>();
            tables.submit(w -> {
                tables.add(route, keys, w);
                added.complete(null);
            });
            added.get(1, TimeUnit.MINUTES);
            setup.ensurePublication(config.publicationName(), List.of(route.source()));
        } catch (SQLException e) {
            throw new CdcException("cannot add " + route + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while adding " + route, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CdcException("the pipeline did not take " + route + " within a minute: " + e.getMessage(), e);
        }
    }

    public void removeTable(TableId table) {
        if (!tables.contains(table)) {
            throw new ConfigException("table " + table + " is not mapped; mapped: " + tables.routes());
        }
        CompletableFuture<Void> removed = new CompletableFuture<>();
        tables.submit(w -> {
            tables.remove(table, w);
            removed.complete(null);
        });
        try (Connection c = connect(config, false)) {
            removed.get(5, TimeUnit.MINUTES);
            new PgSetup(c).dropFromPublication(config.publicationName(), table);
        } catch (SQLException e) {
            throw new CdcException("cannot remove " + table + " from publication " + config.publicationName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while removing " + table, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CdcException("the pipeline did not remove " + table + ": " + e.getMessage(), e);
        }
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
            TableState state = t.state == TableState.STREAMING && !running ? TableState.PAUSED : t.state;
            out.add(new TableStatus(t.route, state, lag, timeLag, t.rowsDelivered, t.bytesDelivered, t.lastError, now));
        }
        out.sort((a, b) -> a.route().source().compareTo(b.route().source()));
        return out;
    }
}
