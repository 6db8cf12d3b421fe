package io.doriscdc.cli.metrics;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TableStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The pipeline's metrics in a Micrometer registry (Prometheus format): a {@link PipelineListener}
 * for what the pipeline reports as it happens (deliveries, retries, failures, acknowledgements, ring
 * occupancy) and gauges over {@code Pipeline.status()} for lag and table state. Every meter is named
 * {@code doris_cdc_*}; per-table meters carry a {@code table} tag (the Doris target, db.table).
 * Thread-safe.
 */
public final class PipelineMetrics implements PipelineListener {

    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry registry;
    private final AtomicLong ringUsed = new AtomicLong();
    private final AtomicLong ringCapacity = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final Set<String> statusTables = ConcurrentHashMap.newKeySet();
    private final Map<String, TableStatus> lastStatus = new ConcurrentHashMap<>();
    private volatile Supplier<List<TableStatus>> status = List::of;
    private volatile Supplier<io.doriscdc.runtime.InstanceStatus> instance;

    /** The meters of the only pipeline of a process, in a registry of their own, without a pipeline tag. */
    public PipelineMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null);
    }

    /**
     * The meters of one of several pipelines in a shared registry: each carries the tag
     * {@code pipeline} with the pipeline's name ({@code null}: no tag), so that one scrape shows all.
     */
    public PipelineMetrics(PrometheusMeterRegistry shared, String pipeline) {
        this.prometheus = shared;
        if (pipeline == null) {
            this.registry = shared;
        } else {
            CompositeMeterRegistry tagged = new CompositeMeterRegistry();
            tagged.config().commonTags("pipeline", pipeline);
            tagged.add(shared);
            this.registry = tagged;
        }
        Gauge.builder("doris_cdc_ring_used_slots", ringUsed, AtomicLong::get).description("Ring slots holding frames not yet batched").register(registry);
        Gauge.builder("doris_cdc_ring_capacity_slots", ringCapacity, AtomicLong::get).description("Ring slots in all").register(registry);
        Gauge.builder("doris_cdc_acknowledged_lsn", acknowledged, AtomicLong::get)
                .description("The slot's flushed LSN last reported to PostgreSQL, as a number").register(registry);
        Gauge.builder("doris_cdc_lag_bytes", this, m -> m.refresh().stream().mapToLong(TableStatus::lagBytes).max().orElse(0))
                .description("WAL bytes received but not yet acknowledged (committed in Doris)").register(registry);
        for (io.doriscdc.runtime.InstanceState state : io.doriscdc.runtime.InstanceState.values()) {
            Gauge.builder("doris_cdc_instance_state", this, m -> m.instanceState() == state ? 1 : 0).tag("state", state.name())
                    .description("1 for this instance's high-availability state (ACTIVE streams, STANDBY waits to take over)").register(registry);
        }
        Gauge.builder("doris_cdc_instance_streaming", this, m -> m.instanceStreaming() ? 1 : 0)
                .description("1 while this instance streams from the slot").register(registry);
        Gauge.builder("doris_cdc_lease_term", this, m -> m.instanceTerm())
                .description("The lease term this instance holds, or last saw another instance hold").register(registry);
    }

    /** Where the instance gauges read from ({@code Pipeline::instance}). */
    public void instanceFrom(Supplier<io.doriscdc.runtime.InstanceStatus> supplier) {
        this.instance = supplier;
    }

    private io.doriscdc.runtime.InstanceStatus currentInstance() {
        Supplier<io.doriscdc.runtime.InstanceStatus> s = instance;
        if (s == null) {
            return null;
        }
        try {
            return s.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private io.doriscdc.runtime.InstanceState instanceState() {
        io.doriscdc.runtime.InstanceStatus s = currentInstance();
        return s == null ? io.doriscdc.runtime.InstanceState.STARTING : s.state();
    }

    private boolean instanceStreaming() {
        io.doriscdc.runtime.InstanceStatus s = currentInstance();
        return s != null && s.streaming();
    }

    private double instanceTerm() {
        io.doriscdc.runtime.InstanceStatus s = currentInstance();
        return s == null ? 0 : s.term();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return prometheus.scrape();
    }

    /** Where table gauges read their values from (the running pipeline's {@code status()}). */
    public void statusFrom(Supplier<List<TableStatus>> supplier) {
        this.status = supplier;
    }

    private List<TableStatus> refresh() {
        List<TableStatus> now;
        try {
            now = status.get();
        } catch (RuntimeException e) { // not started or stopped: keep the last values
            return List.copyOf(lastStatus.values());
        }
        for (TableStatus s : now) {
            String table = s.route().target().toString();
            lastStatus.put(table, s);
            if (statusTables.add(table)) {
                registerTableGauges(table);
            }
        }
        return now;
    }

    private void registerTableGauges(String table) {
        Gauge.builder("doris_cdc_time_lag_seconds", lastStatus, m -> seconds(m.get(table).timeLag()))
                .tag("table", table).description("Age of the oldest change of this table not yet committed in Doris").register(registry);
        Gauge.builder("doris_cdc_table_rows_delivered", lastStatus, m -> m.get(table).rowsDelivered())
                .tag("table", table).description("Rows of this table committed in Doris by the stream since start").register(registry);
        Gauge.builder("doris_cdc_snapshot_rows_copied", lastStatus, m -> m.get(table).snapshot() == null ? 0 : m.get(table).snapshot().rowsDone())
                .tag("table", table).description("Rows copied by the table's latest snapshot").register(registry);
        for (TableState state : TableState.values()) {
            Gauge.builder("doris_cdc_table_state", lastStatus, m -> m.get(table).state() == state ? 1 : 0)
                    .tag("table", table).tag("state", state.name()).description("1 for the table's current state").register(registry);
        }
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    /** Reads table gauges once so that they exist before the first scrape. */
    public void touch() {
        refresh();
    }

    @Override
    public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
        String table = batch.target().toString();
        long rows = receipt.rowsLoaded() > 0 ? receipt.rowsLoaded() : batch.rowCount();
        Counter.builder("doris_cdc_rows_delivered").tag("table", table).description("Rows committed in Doris (stream and copies)")
                .register(registry).increment(rows);
        Counter.builder("doris_cdc_bytes_delivered").tag("table", table).description("Payload bytes committed in Doris")
                .register(registry).increment(receipt.bytes() > 0 ? receipt.bytes() : batch.byteCount());
        Counter.builder("doris_cdc_batches_delivered").tag("table", table).description("Batches committed in Doris").register(registry).increment();
        Timer.builder("doris_cdc_batch_latency").tag("table", table).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .description("From a batch's first delivery attempt to its commit in Doris").register(registry).record(receipt.elapsed());
        Counter.builder("doris_cdc_delivery_attempts").tag("table", table).description("Delivery attempts of committed batches")
                .register(registry).increment(receipt.attempts());
    }

    @Override
    public void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
        Counter.builder("doris_cdc_delivery_retries").tag("table", batch.target().toString())
                .description("Delivery attempts that failed and are retried").register(registry).increment();
    }

    @Override
    public void deliveryFailed(Batch batch, TransportException cause) {
        Counter.builder("doris_cdc_delivery_failures").tag("table", batch.target().toString())
                .description("Batches that could not be delivered (the table or pipeline stops)").register(registry).increment();
    }

    @Override
    public void acknowledged(Lsn flushed) {
        acknowledged.set(flushed.value());
    }

    @Override
    public void ringOccupancy(int used, int capacity) {
        ringUsed.set(used);
        ringCapacity.set(capacity);
    }

    @Override
    public void controlCommandRefused(String what, String reason) {
        Counter.builder("doris_cdc_control_refused").description("Refused control commands and ignored doris_cdc logical decoding messages")
                .register(registry).increment();
    }

    @Override
    public void unmappedChange(TableId table) {
        Counter.builder("doris_cdc_unmapped_changes").tag("source", table.toString())
                .description("Changes of tables the publication publishes but no route maps: not loaded").register(registry).increment();
    }

    @Override
    public void tableState(TableId table, String state, String error) {
        Counter.builder("doris_cdc_table_state_changes").tag("source", table.toString()).tag("state", state)
                .description("Table state changes reported by the pipeline").register(registry).increment();
    }

    /** For tests: the Doris table tag of a target. */
    static String tag(DorisTableId target) {
        return target.toString();
    }
}
