package io.doriscdc.runtime;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.runtime.internal.ConnectionLoss;
import io.doriscdc.runtime.internal.LeaseGuard;
import io.doriscdc.runtime.internal.PipelineRunner;
import io.doriscdc.runtime.internal.SlotBusy;
import io.doriscdc.runtime.internal.TextValuesNeeded;
import io.doriscdc.runtime.internal.ha.HaCoordinator;
import io.doriscdc.runtime.internal.ha.LeaseLost;
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
 *
 * <p>With high availability (on by default, {@link PipelineConfig#highAvailability()}) any number of
 * instances may run one configuration: the one that holds the pipeline's lease in PostgreSQL
 * streams, the others stand by ({@link #instance()}) and one of them takes over, from the slot's
 * confirmed position, when the active one dies, hangs or is cut off (docs/operations.md, "High
 * availability"). A standby's {@link #status()} is empty and its control operations are refused.
 * Thread-safe.
 */
public final class Pipeline implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final PipelineConfig config;
    private PipelineRunner runner;
    private boolean started;
    private volatile boolean stopping;
    private volatile Throwable fatal; // a start after a connection loss failed for another reason
    private java.util.concurrent.ScheduledExecutorService supervisor;
    private HaCoordinator ha; // null without high availability
    private long backoffMs = FIRST_BACKOFF_MS;
    private volatile boolean textValues; // set once a table gained a column whose binary form is not decoded
    private volatile Lsn lastAcknowledged = Lsn.INVALID;
    private volatile long lastMemoryHighWater;
    private long retryAtNanos = System.nanoTime(); // with high availability: no new start of the stream before this (supervisor thread only)

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
     * Checks the server, prepares the publication and slot, and starts reading; with high
     * availability, first takes the pipeline's lease, or stands by when another instance holds it
     * (and returns: {@link #instance()} says {@link InstanceState#STANDBY}).
     *
     * @throws ConfigException when PostgreSQL or the transport is not usable, with what to do
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("pipeline " + config.slotName() + " is already started; create a new Pipeline to run it again");
        }
        started = true;
        try {
            if (config.highAvailability()) {
                ha = HaCoordinator.open(config);
                if (ha.holds()) {
                    startHeld(true);
                } else {
                    LOG.info("pipeline {}: instance {} stands by: {}", config.slotName(), config.instanceId(), ha.status().detail());
                }
                ha.start();
            } else {
                runner = startRunner();
            }
        } catch (RuntimeException e) {
            started = false; // nothing runs: start() may be called again
            ha = null;
            throw e;
        }
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
            return PipelineRunner.start(config, transport, textValues, ha == null ? LeaseGuard.NONE : ha);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * This instance holds the lease: starts streaming. A slot still held by the walsender of the
     * instance that lost the lease, or PostgreSQL out of reach, is tried again by the supervisor;
     * any other failure stops this instance (thrown from {@link #start()}, else {@link #failure()}).
     */
    private void startHeld(boolean fromStart) {
        try {
            PipelineRunner next = startRunner();
            synchronized (this) {
                if (stopping) {
                    next.stop();
                    return;
                }
                runner = next;
            }
            ha.streaming(true);
            backoffMs = FIRST_BACKOFF_MS;
            LOG.info("pipeline {}: instance {} streams (lease term {})", config.slotName(), config.instanceId(), ha.status().term());
        } catch (RuntimeException e) {
            ha.streaming(false);
            if (SlotBusy.isCause(e) || ConnectionLoss.isCause(e) || LeaseLost.isCause(e)) {
                // the old walsender is ending: soon again; PostgreSQL out of reach: back off
                long wait = SlotBusy.isCause(e) ? 300 : backoffMs;
                backoffMs = SlotBusy.isCause(e) ? backoffMs : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                retryAtNanos = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(wait);
                LOG.warn("pipeline {}: instance {} holds the lease but cannot stream yet: {}; trying again in {} ms", config.slotName(),
                        config.instanceId(), e.getMessage(), wait);
                return;
            }
            if (fromStart) {
                ha.close(InstanceState.FAILED, String.valueOf(e.getMessage()));
                throw e;
            }
            LOG.error("pipeline {} cannot start: {}", config.slotName(), e.getMessage(), e);
            fatal = e;
            ha.close(InstanceState.FAILED, String.valueOf(e.getMessage()));
        }
    }

    /** Follows the lease (with high availability), and restarts a runner that lost its PostgreSQL connection. */
    private void supervise() {
        if (stopping || fatal != null) {
            return;
        }
        if (ha != null && !superviseLease()) {
            return;
        }
        PipelineRunner current;
        synchronized (this) {
            current = runner;
        }
        Optional<Throwable> failed = current == null ? Optional.empty() : current.failure();
        if (failed.isEmpty() || !restartable(failed.get())) {
            return;
        }
        if (TextValuesNeeded.isCause(failed.get())) {
            textValues = true; // for good: a replay reads the same Relation message again
            LOG.warn("pipeline {}: {}; starting again from the slot with text values", config.slotName(), failed.get().getMessage());
        } else {
            LOG.warn("pipeline {} lost its PostgreSQL connection ({}); starting again from the slot in {} ms",
                    config.slotName(), failed.get().getMessage(), backoffMs);
        }
        stopRunner(current);
        sleep(backoffMs);
        if (ha != null) {
            if (ha.renewNow()) {
                startHeld(false); // it resets the backoff, or grows it
            }
            return; // else the lease thread claims the lease again once it is free, and superviseLease() starts the stream
        }
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
            if (!ConnectionLoss.isCause(e)) {
                LOG.error("pipeline {} cannot start again: {}", config.slotName(), e.getMessage(), e);
                fatal = e;
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            LOG.warn("pipeline {} cannot reach PostgreSQL yet ({}); trying again in {} ms", config.slotName(), e.getMessage(), backoffMs);
        }
    }

    /**
     * Stops the stream of an instance that no longer holds the lease, starts it when the lease was
     * taken. Returns whether a runner is there for {@link #supervise()} to watch.
     */
    private boolean superviseLease() {
        PipelineRunner current;
        synchronized (this) {
            current = runner;
        }
        if (current != null && !ha.holds()) {
            String why = ha.status().detail();
            LOG.warn("pipeline {}: instance {} no longer holds the lease ({}); it stops streaming and stands by", config.slotName(),
                    config.instanceId(), why);
            stopRunner(current);
            ha.standBy(why);
            return false;
        }
        if (current == null) {
            if (ha.holds() && System.nanoTime() - retryAtNanos >= 0) {
                startHeld(false);
            }
            return false;
        }
        return true;
    }

    /**
     * Stops a runner: what it read is delivered (loads carry their versions, so a deposed instance's
     * loads cannot undo the new one's; a TRUNCATE or schema change asks the lease first).
     */
    private void stopRunner(PipelineRunner r) {
        synchronized (this) {
            if (runner == r) {
                runner = null;
            }
        }
        if (ha != null) {
            ha.streaming(false);
        }
        r.stop();
        lastAcknowledged = r.acknowledged();
        lastMemoryHighWater = Math.max(lastMemoryHighWater, r.memoryHighWater());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // a backoff between reconnection attempts, on the supervisor's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Delivers and acknowledges what was read, then closes the slot connection and the transport;
     * with high availability, releases the lease so that a standby takes over at once. Idempotent.
     */
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
        PipelineRunner r;
        synchronized (this) {
            r = runner;
        }
        if (r != null) {
            stopRunner(r);
        }
        HaCoordinator h;
        synchronized (this) {
            h = ha;
        }
        if (h != null) {
            h.close(fatal != null ? InstanceState.FAILED : InstanceState.STOPPED, fatal != null ? String.valueOf(fatal.getMessage()) : "stopped");
        }
    }

    /**
     * What this instance does: {@link InstanceState#ACTIVE} (streaming, or about to), or
     * {@link InstanceState#STANDBY} with the reason, or stopped or failed.
     */
    public InstanceStatus instance() {
        HaCoordinator h;
        PipelineRunner r;
        boolean begun;
        synchronized (this) {
            h = ha;
            r = runner;
            begun = started;
        }
        boolean streaming = r != null && r.isRunning();
        java.time.Instant now = java.time.Instant.now();
        if (fatal != null || failure().isPresent()) {
            return new InstanceStatus(config.instanceId(), InstanceState.FAILED, false, h == null ? 0 : h.status().term(),
                    String.valueOf(failure().map(Throwable::getMessage).orElse("failed")), now);
        }
        if (stopping) {
            return new InstanceStatus(config.instanceId(), InstanceState.STOPPED, false, 0, "stopped", now);
        }
        if (h != null) {
            InstanceStatus s = h.status();
            return new InstanceStatus(s.instanceId(), s.state(), s.state() == InstanceState.ACTIVE && streaming, s.term(), s.detail(), s.since());
        }
        return new InstanceStatus(config.instanceId(), begun ? InstanceState.ACTIVE : InstanceState.STARTING, streaming, 0,
                begun ? (streaming ? "streaming" : "reconnecting") : "not started", now);
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

    /** The state of every mapped table; empty while this instance stands by (the active instance has them). */
    public List<TableStatus> status() {
        PipelineRunner r = current();
        return r == null ? List.of() : r.status();
    }

    /**
     * Changes of tables that the publication publishes but no route maps, counted since the start
     * by table: they were not loaded (ARCHITECTURE.md invariant 8). Also in {@code doris_cdc.status}
     * as state {@code UNMAPPED}, and in the listener's {@code unmappedChange}.
     */
    public java.util.Map<TableId, Long> unmappedChanges() {
        PipelineRunner r = current();
        return r == null ? java.util.Map.of() : r.unmapped();
    }

    /** The position last reported to PostgreSQL as flushed (everything before it is committed in Doris). */
    public Lsn acknowledgedLsn() {
        PipelineRunner r = current();
        return r == null ? lastAcknowledged : r.acknowledged();
    }

    /** The most memory (bytes) that frames read and batches being built have held at once: stays near the configured budget. */
    public long memoryHighWaterBytes() {
        PipelineRunner r = current();
        return r == null ? lastMemoryHighWater : Math.max(lastMemoryHighWater, r.memoryHighWater());
    }

    /** Why the pipeline stopped on its own, if it did (a lost connection it is reconnecting after does not count). */
    public synchronized Optional<Throwable> failure() {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        Optional<Throwable> f = runner == null ? Optional.empty() : runner.failure();
        return f.isPresent() && !stopping && restartable(f.get()) ? Optional.empty() : f;
    }

    /**
     * True between {@link #start()} and a stop or a failure: also while it starts again after a lost
     * PostgreSQL connection, and while it stands by.
     */
    public synchronized boolean isRunning() {
        if (!started || stopping || fatal != null) {
            return false;
        }
        if (runner == null) {
            return ha != null; // standing by, or about to stream
        }
        if (runner.isRunning()) {
            return true;
        }
        // starting again after a lost connection counts as running: nothing failed for good
        Optional<Throwable> f = runner.failure();
        return fatal == null && f.isPresent() && restartable(f.get());
    }

    /**
     * A failure the pipeline starts again after, from the slot: a lost connection, or text values
     * needed; with high availability also a lost lease or a slot still held by a deposed instance.
     */
    private boolean restartable(Throwable failure) {
        return ConnectionLoss.isCause(failure) || TextValuesNeeded.isCause(failure)
                || (ha != null && (LeaseLost.isCause(failure) || SlotBusy.isCause(failure)));
    }

    private synchronized PipelineRunner current() {
        return runner;
    }

    private synchronized PipelineRunner runner() {
        if (runner == null) {
            throw new IllegalStateException(!started ? "pipeline " + config.slotName() + " is not started; call start() first"
                    : "instance " + config.instanceId() + " of pipeline " + config.slotName() + " does not stream (" + instance().state() + ": "
                    + instance().detail() + "); call the active instance, or use the SQL control plane (doris_cdc.add_table, ...)");
        }
        return runner;
    }

    @Override
    public void close() {
        stop();
    }

}
