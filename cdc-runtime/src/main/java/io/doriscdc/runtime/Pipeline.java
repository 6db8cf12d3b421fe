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
 * what was read, acknowledges it and releases the slot. Thread-safe.
 */
public final class Pipeline implements AutoCloseable {

    private final PipelineConfig config;
    private PipelineRunner runner;

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
        Transport transport = Transports.load(config.transportScheme())
                .create(TransportConfig.of(config.transportSettings()), config.listener());
        try {
            runner = PipelineRunner.start(config, transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Delivers and acknowledges what was read, then closes the slot connection and the transport. Idempotent. */
    public synchronized void stop() {
        if (runner != null) {
            runner.stop();
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

    /** The position last reported to PostgreSQL as flushed (everything before it is committed in Doris). */
    public Lsn acknowledgedLsn() {
        return runner().acknowledged();
    }

    /** The most memory (bytes) that frames read and batches being built have held at once: stays near the configured budget. */
    public long memoryHighWaterBytes() {
        return runner().memoryHighWater();
    }

    /** Why the pipeline stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return runner == null ? Optional.empty() : runner.failure();
    }

    /** True between {@link #start()} and a stop or a failure. */
    public boolean isRunning() {
        return runner != null && runner.isRunning();
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
