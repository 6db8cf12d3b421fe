package io.doriscdc.emulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.doriscdc.emulator.internal.BeLimits;
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

    /**
     * The FE's plain HTTP port ({@code http_port}). With {@link Builder#tls TLS} it answers Stream Load
     * and 2PC requests with a 307 to the same path on {@link #feHttpsPort()}, as Doris does with {@code enable_https}.
     */
    public int feHttpPort() {
        return runtime.feHttpPort();
    }

    /** The FE's HTTPS port ({@code https_port}) when started with {@link Builder#tls TLS}, otherwise -1. */
    public int feHttpsPort() {
        return runtime.feHttpsPort();
    }

    /** {@code http://127.0.0.1:<fe port>}, or {@code https://127.0.0.1:<fe https port>} with {@link Builder#tls TLS}. */
    public URI feBaseUri() {
        return feHttpsPort() > 0 ? URI.create("https://127.0.0.1:" + feHttpsPort()) : URI.create("http://127.0.0.1:" + feHttpPort());
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
    /**
     * How long each later {@code MODIFY COLUMN} job runs before it is FINISHED (default 0: at once).
     * Meanwhile the table keeps its old column types and refuses another ALTER, as Doris does.
     */
    public void schemaChangeJobMillis(long millis) {
        if (millis < 0) {
            throw new EmulatorException("schemaChangeJobMillis must be >= 0, got " + millis);
        }
        runtime.schemaChangeJobMillis(millis);
    }

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
        private long stringSoftLimitBytes = io.doriscdc.emulator.internal.BeLimits.DEFAULTS.stringSoftLimitBytes();
        private int maxTabletVersions = io.doriscdc.emulator.internal.BeLimits.DEFAULTS.maxTabletVersions();
        private double compactionVersionsPerSecond = io.doriscdc.emulator.internal.BeLimits.DEFAULTS.compactedVersionsPerSecond();
        private SSLContext tls;
        private VisibilityListener visibility = VisibilityListener.NONE;

        private Builder() {
        }

        /**
         * Serves HTTPS ({@code enable_https}): the BE ports and the FE's {@link DorisEmulator#feHttpsPort() HTTPS port}
         * present the certificate of {@code serverContext}; FE redirects point at {@code https://} BE addresses.
         */
        public Builder tls(SSLContext serverContext) {
            if (serverContext == null) {
                throw new EmulatorException("tls needs a server SSLContext, got null");
            }
            this.tls = serverContext;
            return this;
        }

        /**
         * {@link #tls(SSLContext)} from a PKCS12 (or JKS) key store holding the server's key and certificate
         * chain, the key under the store's password ({@code ssl_certificate_path} / {@code ssl_private_key_path}).
         */
        public Builder tls(Path keyStore, String password) {
            if (keyStore == null || password == null) {
                throw new EmulatorException("tls needs a key store file and its password, got " + keyStore + " and "
                        + (password == null ? "null" : "a password"));
            }
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(KeyStore.getInstance(keyStore.toFile(), password.toCharArray()), password.toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                return tls(ctx);
            } catch (IOException | GeneralSecurityException e) {
                throw new EmulatorException("cannot load the emulator's TLS key store " + keyStore + ": " + e.getMessage(), e);
            }
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

        /** Told each time a commit makes rows readable (for latency harnesses); see {@link VisibilityListener}. */
        public Builder visibilityListener(VisibilityListener listener) {
            if (listener == null) {
                throw new EmulatorException("visibilityListener must not be null (VisibilityListener.NONE hears nothing)");
            }
            this.visibility = listener;
            return this;
        }

        /**
         * The BE's {@code string_type_length_soft_limit_bytes} (default 1,048,576): a CHAR, VARCHAR, STRING or
         * JSON value longer than this (or than its declared length) is filtered, in strict mode or not.
         */
        public Builder stringSoftLimitBytes(long bytes) {
            if (bytes < 1 || bytes > BeLimits.MAX_STRING_SOFT_LIMIT) {
                throw new EmulatorException("stringSoftLimitBytes must be 1.." + BeLimits.MAX_STRING_SOFT_LIMIT + ", got " + bytes);
            }
            this.stringSoftLimitBytes = bytes;
            return this;
        }

        /**
         * The BE's {@code max_tablet_version_num} (default 2000) and how many versions compaction removes
         * per second from each table (default 200): a load into a table with more versions than this
         * fails with {@code TOO_MANY_VERSION} (-235) until compaction catches up.
         */
        public Builder tabletVersions(int maxVersions, double compactedPerSecond) {
            if (maxVersions < 1 || compactedPerSecond < 0) {
                throw new EmulatorException("tabletVersions needs maxVersions >= 1 and compactedPerSecond >= 0, got "
                        + maxVersions + ", " + compactedPerSecond);
            }
            this.maxTabletVersions = maxVersions;
            this.compactionVersionsPerSecond = compactedPerSecond;
            return this;
        }

        /** Binds 127.0.0.1 on random free ports and starts serving. */
        public DorisEmulator start() {
            Map<String, String> u = users.isEmpty() ? Map.of("root", "") : users;
            return new DorisEmulator(EmulatorRuntime.start(new EmulatorConfig(backends, u, labelKeepMillis,
                    labelNumThreshold, precommitTimeoutMillis, maxBodyBytes, memoryBudgetBytes, maxLoadHistory, tls, visibility,
                    new BeLimits(stringSoftLimitBytes, maxTabletVersions, compactionVersionsPerSecond))));
        }
    }
}
