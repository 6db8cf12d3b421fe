package io.doriscdc.runtime;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.runtime.internal.PipelineRunner;
import java.util.List;
import java.util.Optional;

/**
 * A running PostgreSQL → Doris pipeline: one replication slot, one transport, a set of mapped
 * tables.
 *
 * <pre>{@code
 * PipelineConfig config = PipelineConfig.builder()
 *     .postgres("jdbc:postgresql://db:5432/shop").user("cdc").password(secret)
 *     .slot("shop_to_doris").transport("streamload").transportSetting("fe", "doris-fe:8030")
 *     .route("public.orders", "shop", "orders")
 *     .build();
 * try (Pipeline p = Pipeline.create(config)) {
 *     p.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} checks PostgreSQL (and says what to do when something is missing), creates
 * the publication and slot on first run and resumes from the slot later. {@link #stop()} delivers
 * what was read, acknowledges it and releases the slot.
 *
 * <p>When the connection to PostgreSQL is lost (a restart, a failover, a cut walsender), the
 * pipeline starts itself again from the slot, after 1 s and then up to 30 s between attempts, for
 * as long as the failure is a connection failure; nothing is lost, since nothing past the slot's
 * confirmed position was acknowledged. Any other failure stops it ({@link #failure()}).
 * Thread-safe.
 */
public final class Pipeline implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final PipelineConfig config;
    private PipelineRunner runner;
    private volatile boolean stopping;
    private volatile Throwable fatal; // a start after a connection loss failed for another reason
    private java.util.concurrent.ScheduledExecutorService supervisor;
    private long backoffMs = FIRST_BACKOFF_MS;
    private volatile boolean textValues; // set once a table gained a column whose binary form is not decoded

    private Pipeline(PipelineConfig config) {
        this.config = config;
    }

    /** A pipeline for the configuration; does no I/O until {@link #start()}. */
    public static Pipeline create(PipelineConfig config) {
        return new Pipeline(config);
    }

    public PipelineConfig config() {
        return config;
    }

    /**
     * Checks the server, prepares the publication and slot, and starts reading.
     *
     * @throws ConfigException when PostgreSQL or the transport is not usable, with what to do
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (runner != null) {
            throw new IllegalStateException("pipeline " + config.slotName() + " is already started; create a new Pipeline to run it again");
        }
        runner = startRunner();
        supervisor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doris-cdc-supervisor-" + config.slotName());
            t.setDaemon(true);
            return t;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private PipelineRunner startRunner() {
        Transport transport = Transports.load(config.transportScheme())
                .create(TransportConfig.of(config.transportSettings()), config.listener());
        try {
            return PipelineRunner.start(config, transport, textValues);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Restarts a runner that lost its PostgreSQL connection; leaves any other failure for {@link #failure()}. */
    private void supervise() {
        PipelineRunner current;
        synchronized (this) {
            current = runner;
        }
        Optional<Throwable> failed = current == null ? Optional.empty() : current.failure();
        if (stopping || fatal != null || failed.isEmpty() || !restartable(failed.get())) {
            return;
        }
        if (io.doriscdc.runtime.internal.TextValuesNeeded.isCause(failed.get())) {
            textValues = true; // for good: a replay reads the same Relation message again
            LOG.warn("pipeline {}: {}; starting again from the slot with text values", config.slotName(), failed.get().getMessage());
        } else {
            LOG.warn("pipeline {} lost its PostgreSQL connection ({}); starting again from the slot in {} ms",
                    config.slotName(), failed.get().getMessage(), backoffMs);
        }
        current.stop();
        sleep(backoffMs);
        try {
            PipelineRunner next = startRunner();
            synchronized (this) {
                if (stopping) {
                    next.stop();
                    return;
                }
                runner = next;
            }
            backoffMs = FIRST_BACKOFF_MS;
            LOG.info("pipeline {} started again from the slot", config.slotName());
        } catch (RuntimeException e) {
            if (!io.doriscdc.runtime.internal.ConnectionLoss.isCause(e)) {
                LOG.error("pipeline {} cannot start again: {}", config.slotName(), e.getMessage(), e);
                fatal = e;
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.warn("pipeline {} cannot reach PostgreSQL yet ({}); trying again in {} ms", config.slotName(), e.getMessage(), backoffMs);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // a backoff between reconnection attempts, on the supervisor's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers and acknowledges what was read, then closes the slot connection and the transport. Idempotent. */
    public void stop() {
        stopping = true;
        java.util.concurrent.ScheduledExecutorService s;
        synchronized (this) {
            s = supervisor;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (runner != null) {
                runner.stop();
            }
        }
    }

    /** Maps another table (it is added to the publication); its changes flow from the next transaction on. */
    public void addTable(TableRoute route) {
        runner().addTable(route);
    }

    public void addTable(String pgTable, String dorisDb, String dorisTable) {
        addTable(TableRoute.of(pgTable, dorisDb, dorisTable));
    }

    /** Stops mapping a table after delivering what was read of it, and removes it from the publication. */
    public void removeTable(TableId table) {
        runner().removeTable(table);
    }

    /**
     * Re-copies a table under a new snapshot while the stream goes on, in loads of {@code batchRows}
     * rows (for example after data was lost on the Doris side). Rows changed meanwhile keep their
     * newest version: the copy's version sorts below every change after its snapshot. Rows that
     * exist only in Doris are not removed.
     */
    public void syncTable(TableId table, int batchRows) {
        runner().syncTable(table, batchRows);
    }

    /** The state of every mapped table. */
    public List<TableStatus> status() {
        return runner().status();
    }

    /**
     * Changes of tables that the publication publishes but no route maps, counted since the start
     * by table: they were not loaded (ARCHITECTURE.md invariant 8). Also in {@code doris_cdc.status}
     * as state {@code UNMAPPED}, and in the listener's {@code unmappedChange}.
     */
    public java.util.Map<TableId, Long> unmappedChanges() {
        return runner().unmapped();
    }

    /** The position last reported to PostgreSQL as flushed (everything before it is committed in Doris). */
    public Lsn acknowledgedLsn() {
        return runner().acknowledged();
    }

    /** The most memory (bytes) that frames read and batches being built have held at once: stays near the configured budget. */
    public long memoryHighWaterBytes() {
        return runner().memoryHighWater();
    }

    /**
     * Whether the slot survives a failover of PostgreSQL to a standby (a failover slot, PostgreSQL
     * 17+), as the server reported it when the pipeline (last) started, with what to do when it
     * would not (docs/operations.md, "PostgreSQL failover (failover slots)").
     */
    public SlotFailover slotFailover() {
        return runner().slotFailover();
    }

    /** Why the pipeline stopped on its own, if it did (a lost connection it is reconnecting after does not count). */
    public synchronized Optional<Throwable> failure() {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        Optional<Throwable> f = runner == null ? Optional.empty() : runner.failure();
        return f.isPresent() && !stopping && restartable(f.get()) ? Optional.empty() : f;
    }

    /** True between {@link #start()} and a stop or a failure (also while it starts again after a lost PostgreSQL connection). */
    public synchronized boolean isRunning() {
        if (runner == null || stopping) {
            return false;
        }
        if (runner.isRunning()) {
            return true;
        }
        // starting again after a lost connection counts as running: nothing failed for good
        Optional<Throwable> f = runner.failure();
        return fatal == null && f.isPresent() && restartable(f.get());
    }

    /** A failure the pipeline starts again after, from the slot: a lost connection, or text values needed. */
    private static boolean restartable(Throwable failure) {
        return io.doriscdc.runtime.internal.ConnectionLoss.isCause(failure) || io.doriscdc.runtime.internal.TextValuesNeeded.isCause(failure);
    }

    private synchronized PipelineRunner runner() {
        if (runner == null) {
            throw new IllegalStateException("pipeline " + config.slotName() + " is not started; call start() first");
        }
        return runner;
    }

    @Override
    public void close() {
        stop();
    }

}
