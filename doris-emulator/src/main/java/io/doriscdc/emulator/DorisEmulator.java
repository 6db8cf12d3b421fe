package io.doriscdc.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.doriscdc.emulator.internal.EmulatorConfig;
import io.doriscdc.emulator.internal.EmulatorRuntime;

/**
 * An in-process emulator of Apache Doris's Stream Load HTTP protocol: one FE HTTP port and N BE
 * HTTP ports on 127.0.0.1. It is an emulator for tests and the demo, never a database: tables
 * live in memory and only the protocol surface of
 * {@code shared/research/doris-ingest-protocols.md} is reproduced.
 *
 * <pre>{@code
 * try (DorisEmulator emu = DorisEmulator.builder().backends(3).user("root", "").start()) {
 *     emu.sql("app", "CREATE TABLE t (id BIGINT, v STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) ...");
 *     // PUT emu.feBaseUri() + "/api/app/t/_stream_load" ...
 *     emu.table("app", "t").rows();
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread while loads run.
 */
public final class DorisEmulator implements AutoCloseable {
    private final EmulatorRuntime runtime;

    private DorisEmulator(EmulatorRuntime runtime) {
        this.runtime = runtime;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int feHttpPort() {
        return runtime.feHttpPort();
    }

    /** {@code http://127.0.0.1:<fe port>} */
    public URI feBaseUri() {
        return URI.create("http://127.0.0.1:" + feHttpPort());
    }

    /** The BE HTTP ports, by backend index. */
    public List<Integer> backendPorts() {
        return runtime.backendPorts();
    }

    /**
     * Runs one statement of the SQL subset served at {@code POST /api/query/default_cluster/{db}}.
     *
     * @return result rows (column name → value) for SELECT, empty for DDL
     * @throws EmulatorException with Doris's detail message if the statement fails
     */
    public List<Map<String, Object>> sql(String db, String stmt) {
        return runtime.sql(db, stmt);
    }

    /** @throws EmulatorException naming {@code db.table} if there is no such table */
    public EmulatedTable table(String db, String table) {
        if (runtime.columns(db, table) == null) {
            throw new EmulatorException("no table " + db + "." + table + " in the emulator; create it first with sql()");
        }
        return new EmulatedTable(runtime, db, table);
    }

    /** The load history, oldest first (bounded by {@link Builder#maxLoadHistory(int)}). */
    public List<LoadRecord> loads() {
        return runtime.loads();
    }

    public EmulatorCounters counters() {
        return runtime.counters();
    }

    public FaultInjector faults() {
        return runtime.faults();
    }

    /** Closes backend {@code index}'s port and drops its connections; the FE stops redirecting to it. */
    public void stopBackend(int index) {
        runtime.stopBackend(index);
    }

    /** Reopens backend {@code index} on its former port. */
    public void startBackend(int index) {
        runtime.startBackend(index);
    }

    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Configures and starts an emulator. Setters reject bad values at once, naming the value.
     * Not thread-safe; use from one thread.
     */
    public static final class Builder {
        private int backends = 3;
        private final Map<String, String> users = new LinkedHashMap<>();
        private long labelKeepMillis = Duration.ofHours(12).toMillis();
        private int labelNumThreshold = 2000;
        private long precommitTimeoutMillis = Duration.ofSeconds(3600).toMillis();
        private long maxBodyBytes = 102400L << 20;
        private long memoryBudgetBytes = 256L << 20;
        private int maxLoadHistory = 10_000;

        private Builder() {
        }

        /** Number of BEs, 1..64 (default 3). */
        public Builder backends(int n) {
            if (n < 1 || n > 64) {
                throw new EmulatorException("backends must be 1..64, got " + n);
            }
            this.backends = n;
            return this;
        }

        /** Adds a user (Basic auth); may be called several times. Default: root with an empty password. */
        public Builder user(String name, String password) {
            if (name == null || name.isEmpty() || name.contains(":")) {
                throw new EmulatorException("user name must be non-empty and without ':', got '" + name + "'");
            }
            if (password == null) {
                throw new EmulatorException("password of user '" + name + "' must not be null (use \"\" for none)");
            }
            users.put(name, password);
            return this;
        }

        /** {@code streaming_label_keep_max_second} as millis (default 12 h). */
        public Builder labelKeepMillis(long millis) {
            if (millis < 0) {
                throw new EmulatorException("labelKeepMillis must be >= 0, got " + millis);
            }
            this.labelKeepMillis = millis;
            return this;
        }

        /** {@code label_num_threshold} per database (default 2000; -1 = unlimited). */
        public Builder labelNumThreshold(int n) {
            if (n < -1) {
                throw new EmulatorException("labelNumThreshold must be >= -1 (-1 = unlimited), got " + n);
            }
            this.labelNumThreshold = n;
            return this;
        }

        /** {@code stream_load_default_precommit_timeout_second} as millis (default 3600 s). */
        public Builder precommitTimeoutMillis(long millis) {
            if (millis < 1) {
                throw new EmulatorException("precommitTimeoutMillis must be >= 1, got " + millis);
            }
            this.precommitTimeoutMillis = millis;
            return this;
        }

        /** {@code streaming_load_max_mb} as bytes (default 102400 MB). */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1) {
                throw new EmulatorException("maxBodyBytes must be >= 1, got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Bytes of load bodies held at once across all loads (default 256 MiB); beyond it loads fail with MEM_LIMIT_EXCEEDED. */
        public Builder memoryBudgetBytes(long bytes) {
            if (bytes < 1) {
                throw new EmulatorException("memoryBudgetBytes must be >= 1, got " + bytes);
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /** Load records kept for {@link DorisEmulator#loads()} (default 10000). */
        public Builder maxLoadHistory(int n) {
            if (n < 0) {
                throw new EmulatorException("maxLoadHistory must be >= 0, got " + n);
            }
            this.maxLoadHistory = n;
            return this;
        }

        /** Binds 127.0.0.1 on random free ports and starts serving. */
        public DorisEmulator start() {
            Map<String, String> u = users.isEmpty() ? Map.of("root", "") : users;
            return new DorisEmulator(EmulatorRuntime.start(new EmulatorConfig(backends, u, labelKeepMillis,
                    labelNumThreshold, precommitTimeoutMillis, maxBodyBytes, memoryBudgetBytes, maxLoadHistory)));
        }
    }
}
