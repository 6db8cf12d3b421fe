package io.doriscdc.runtime;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.internal.PipelineRunner;
import io.doriscdc.runtime.internal.PipelineSupervisor;
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

    private final PipelineConfig config;
    private PipelineSupervisor supervisor; // null until started

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
     * @throws ConfigException when PostgreSQL or the transport is not usable, with what to do (nothing
     *         is left running: start() may be called again)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("pipeline " + config.slotName() + " is already started; create a new Pipeline to run it again");
        }
        supervisor = PipelineSupervisor.start(config);
    }

    /**
     * Delivers and acknowledges what was read, then closes the slot connection and the transport;
     * with high availability, releases the lease so that a standby takes over at once. Idempotent.
     */
    public void stop() {
        PipelineSupervisor s = supervisor();
        if (s != null) {
            s.stop();
        }
    }

    /**
     * What this instance does: {@link InstanceState#ACTIVE} (streaming, or about to), or
     * {@link InstanceState#STANDBY} with the reason, or stopped or failed.
     */
    public InstanceStatus instance() {
        PipelineSupervisor s = supervisor();
        return s == null ? new InstanceStatus(config.instanceId(), InstanceState.STARTING, false, 0, "not started", java.time.Instant.now())
                : s.instance();
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
        PipelineSupervisor s = supervisor();
        return s == null ? Lsn.INVALID : s.acknowledged();
    }

    /** The most memory (bytes) that frames read and batches being built have held at once: stays near the configured budget. */
    public long memoryHighWaterBytes() {
        PipelineSupervisor s = supervisor();
        return s == null ? 0 : s.memoryHighWater();
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
    public Optional<Throwable> failure() {
        PipelineSupervisor s = supervisor();
        return s == null ? Optional.empty() : s.failure();
    }

    /**
     * True between {@link #start()} and a stop or a failure: also while it starts again after a lost
     * PostgreSQL connection, and while it stands by.
     */
    public boolean isRunning() {
        PipelineSupervisor s = supervisor();
        return s != null && s.isRunning();
    }

    private synchronized PipelineSupervisor supervisor() {
        return supervisor;
    }

    private PipelineRunner current() {
        PipelineSupervisor s = supervisor();
        return s == null ? null : s.current();
    }

    private PipelineRunner runner() {
        PipelineSupervisor s = supervisor();
        if (s == null) {
            throw new IllegalStateException("pipeline " + config.slotName() + " is not started; call start() first");
        }
        PipelineRunner r = s.current();
        if (r == null) {
            throw new IllegalStateException(s.notStreaming());
        }
        return r;
    }

    @Override
    public void close() {
        stop();
    }
}
