package io.doriscdc.emulator.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.doriscdc.emulator.EmulatorCounters;
import io.doriscdc.emulator.EmulatorException;
import io.doriscdc.emulator.LoadRecord;

/**
 * Everything the emulator's servers share: configuration, catalog, transactions, faults,
 * counters, history and the Netty cluster. The bridge between the public API and the internals.
 *
 * <p>Thread-safe.
 */
public final class EmulatorRuntime implements AutoCloseable {
    final EmulatorConfig config;
    final Catalog catalog = new Catalog();
    final Counters counters = new Counters();
    final Faults faults = new Faults();
    final ErrorLogStore errorLogs = new ErrorLogStore();
    final LoadHistory history;
    final SqlEngine sql = new SqlEngine(catalog);
    final AtomicLong memoryInUse = new AtomicLong();
    final AtomicLong roundRobin = new AtomicLong();
    final TxnManager txns;
    private final NettyCluster cluster;

    /** See {@code DorisEmulator.schemaChangeJobMillis}. */
    public void schemaChangeJobMillis(long millis) {
        catalog.modifyJobMillis(millis);
    }

    private EmulatorRuntime(EmulatorConfig config) {
        this.config = config;
        this.history = new LoadHistory(config.maxLoadHistory());
        this.cluster = new NettyCluster(this);
        this.txns = new TxnManager(config, catalog, counters, System::currentTimeMillis, cluster.scheduler());
    }

    /** Binds the FE and BE ports on 127.0.0.1. */
    public static EmulatorRuntime start(EmulatorConfig config) {
        EmulatorRuntime rt = new EmulatorRuntime(config);
        rt.cluster.start();
        return rt;
    }

    public int feHttpPort() {
        return cluster.fePort();
    }

    /** The FE's HTTPS port, or -1 without TLS. */
    public int feHttpsPort() {
        return cluster.feHttpsPort();
    }

    public List<Integer> backendPorts() {
        return cluster.backendPorts();
    }

    public void stopBackend(int index) {
        cluster.stopBackend(index);
    }

    public void startBackend(int index) {
        cluster.startBackend(index);
    }

    public Faults faults() {
        return faults;
    }

    public EmulatorCounters counters() {
        return counters.snapshot();
    }

    public List<LoadRecord> loads() {
        return history.snapshot();
    }

    /** Runs one SQL statement of the supported subset; DDL returns no rows. */
    public List<Map<String, Object>> sql(String db, String stmt) {
        counters.sqlStatements.increment();
        try {
            return sql.execute(db, stmt).rows();
        } catch (SqlException e) {
            throw new EmulatorException("Failed to execute sql: " + e.getMessage() + " (statement: " + stmt + ")", e);
        }
    }

    /** The table's current visible rows, or null if there is no such table. */
    public List<Map<String, Object>> rows(String db, String table) {
        return catalog.table(db, table).map(Table::visibleRows).orElse(null);
    }

    public List<String> columns(String db, String table) {
        return catalog.table(db, table).map(t -> t.schema().columnNames()).orElse(null);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
