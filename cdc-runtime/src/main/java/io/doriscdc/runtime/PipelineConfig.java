package io.doriscdc.runtime;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.BatchLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a pipeline needs, validated once. Immutable and thread-safe; build it with
 * {@link #builder()}. Every setter rejects a bad value at once with the value in the message.
 */
public final class PipelineConfig {

    private static final Pattern SLOT_NAME = Pattern.compile("^[a-z0-9_]{1,63}$");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Map<String, String> pgProperties;
    private final String slotName;
    private final String publicationName;
    private final String labelPrefix;
    private final String transportScheme;
    private final Map<String, String> transportSettings;
    private final List<TableRoute> routes;
    private final int batchMaxRows;
    private final long batchMaxBytes;
    private final Duration batchMaxAge;
    private final double batchMaxLoadsPerSecond;
    private final long memoryBudgetBytes;
    private final int ringSize;
    private final TruncatePolicy truncatePolicy;
    private final FailurePolicy failurePolicy;
    private final Duration statusInterval;
    private final boolean binaryValues;
    private final Path spillDirectory;
    private final PipelineListener listener;
    private final boolean sqlControlPlane;
    private final boolean createTables;
    private final SchemaChangePolicy schemaChanges;
    private final boolean dropColumns;
    private final boolean acceptPublicationSubsets;
    private final FailoverSlot failoverSlot;
    private final boolean initialSnapshot;
    private final int snapshotBatchRows;
    private final long snapshotChunkPages;
    private final int snapshotParallelism;
    private final boolean highAvailability;
    private final String instanceId;
    private final Duration leaseInterval;
    private final Duration leaseTimeout;

    private PipelineConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.pgProperties = Map.copyOf(b.pgProperties);
        this.slotName = b.slotName;
        this.publicationName = b.publicationName;
        this.labelPrefix = b.labelPrefix != null ? b.labelPrefix : b.slotName;
        this.transportScheme = b.transportScheme;
        this.transportSettings = Map.copyOf(b.transportSettings);
        this.routes = List.copyOf(b.routes);
        this.batchMaxRows = b.batchMaxRows;
        this.batchMaxBytes = b.batchMaxBytes;
        this.batchMaxAge = b.batchMaxAge;
        this.batchMaxLoadsPerSecond = b.batchMaxLoadsPerSecond;
        this.memoryBudgetBytes = b.memoryBudgetBytes;
        this.ringSize = b.ringSize;
        this.truncatePolicy = b.truncatePolicy;
        this.failurePolicy = b.failurePolicy;
        this.statusInterval = b.statusInterval;
        this.binaryValues = b.binaryValues;
        this.spillDirectory = b.spillDirectory;
        this.listener = b.listener;
        this.sqlControlPlane = b.sqlControlPlane;
        this.createTables = b.createTables;
        this.schemaChanges = b.schemaChanges;
        this.dropColumns = b.dropColumns;
        this.acceptPublicationSubsets = b.acceptPublicationSubsets;
        this.failoverSlot = b.failoverSlot;
        this.initialSnapshot = b.initialSnapshot;
        this.snapshotBatchRows = b.snapshotBatchRows;
        this.snapshotChunkPages = b.snapshotChunkPages;
        this.snapshotParallelism = b.snapshotParallelism;
        this.highAvailability = b.highAvailability;
        this.instanceId = b.instanceId != null ? b.instanceId : defaultInstanceId();
        this.leaseInterval = b.leaseInterval;
        this.leaseTimeout = b.leaseTimeout;
    }

    /** The host name and the process id: unique among the instances of a pipeline on one host. */
    private static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "host");
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String user() { return user; }
    /** The PostgreSQL password; never logged. */
    public String password() { return password; }
    /** Extra pgjdbc connection properties (TLS: sslmode, sslrootcert, sslcert, sslkey, …). */
    public Map<String, String> pgProperties() { return pgProperties; }
    public String slotName() { return slotName; }
    public String publicationName() { return publicationName; }
    public String labelPrefix() { return labelPrefix; }
    public String transportScheme() { return transportScheme; }
    public Map<String, String> transportSettings() { return transportSettings; }
    public List<TableRoute> routes() { return routes; }
    public int batchMaxRows() { return batchMaxRows; }
    public long batchMaxBytes() { return batchMaxBytes; }
    public Duration batchMaxAge() { return batchMaxAge; }

    /**
     * How many loads per second a table may get from batches sent early, before they are full or
     * reached {@link #batchMaxAge()}, because the stream went idle (default 1); see
     * {@link Builder#batchMaxLoadsPerSecond(double)}.
     */
    public double batchMaxLoadsPerSecond() { return batchMaxLoadsPerSecond; }
    public long memoryBudgetBytes() { return memoryBudgetBytes; }
    public int ringSize() { return ringSize; }
    public TruncatePolicy truncatePolicy() { return truncatePolicy; }
    public FailurePolicy failurePolicy() { return failurePolicy; }
    public Duration statusInterval() { return statusInterval; }
    public boolean binaryValues() { return binaryValues; }
    public Path spillDirectory() { return spillDirectory; }
    public PipelineListener listener() { return listener; }
    public boolean sqlControlPlane() { return sqlControlPlane; }

    /** Whether missing Doris tables are created from the PostgreSQL schema, and existing ones checked (default false). */
    public boolean createTables() { return createTables; }

    /** What a change of a mapped table's columns does (default {@link SchemaChangePolicy#APPLY}). */
    public SchemaChangePolicy schemaChanges() { return schemaChanges; }

    /** Whether a column dropped in PostgreSQL is dropped in Doris too (default false: kept, no longer written). */
    public boolean dropColumns() { return dropColumns; }

    /** Whether a publication with a column list or a row filter on a mapped table is accepted (default false: refused at start). */
    public boolean acceptPublicationSubsets() { return acceptPublicationSubsets; }

    /** Whether the slot is a failover slot, synced to standbys (PostgreSQL 17+; default {@link FailoverSlot#AUTO}). */
    public FailoverSlot failoverSlot() { return failoverSlot; }
    public boolean initialSnapshot() { return initialSnapshot; }
    public int snapshotBatchRows() { return snapshotBatchRows; }
    public long snapshotChunkPages() { return snapshotChunkPages; }
    public int snapshotParallelism() { return snapshotParallelism; }

    /**
     * Whether instances of this pipeline elect one active instance through a lease in
     * {@code doris_cdc.leases} and the others stand by (default true); false: a second instance fails
     * to start while the slot is active for the first.
     */
    public boolean highAvailability() { return highAvailability; }

    /** This instance's name in {@code doris_cdc.instances}, the status and the logs (default host:pid). */
    public String instanceId() { return instanceId; }

    /** How often the active instance renews its lease and a standby looks at it (default 1 s). */
    public Duration leaseInterval() { return leaseInterval; }

    /** A lease not renewed for this long (PostgreSQL's clock) is taken over by a standby (default 5 s). */
    public Duration leaseTimeout() { return leaseTimeout; }

    @Override
    public String toString() {
        // never a secret: the URL's passwords, the password and secret-named properties and settings are masked
        return "PipelineConfig{url=" + Redaction.url(jdbcUrl) + ", user=" + user + ", password=" + Redaction.MASK
                + ", pgProperties=" + Redaction.settings(pgProperties) + ", slot=" + slotName + ", publication=" + publicationName
                + ", transport=" + transportScheme + " " + Redaction.settings(transportSettings) + ", routes=" + routes + "}";
    }

    /** Builds a {@link PipelineConfig}. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String user = "postgres";
        private String password = "";
        private final Map<String, String> pgProperties = new LinkedHashMap<>();
        private String slotName = "doris_cdc";
        private String publicationName = "doris_cdc";
        private String labelPrefix;
        private String transportScheme = "streamload";
        private final Map<String, String> transportSettings = new LinkedHashMap<>();
        private final List<TableRoute> routes = new ArrayList<>();
        private int batchMaxRows = 200_000;
        private long batchMaxBytes = 64L << 20;
        private Duration batchMaxAge = Duration.ofSeconds(1);
        private double batchMaxLoadsPerSecond = 1;
        private long memoryBudgetBytes = 256L << 20;
        private int ringSize = 8192;
        private TruncatePolicy truncatePolicy = TruncatePolicy.PROPAGATE;
        private FailurePolicy failurePolicy = FailurePolicy.STOP_TABLE;
        private Duration statusInterval = Duration.ofSeconds(10);
        private boolean binaryValues = true;
        private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private PipelineListener listener = PipelineListener.NONE;
        private boolean sqlControlPlane = true;
        private boolean createTables;
        private SchemaChangePolicy schemaChanges = SchemaChangePolicy.APPLY;
        private boolean dropColumns;
        private boolean acceptPublicationSubsets;
        private FailoverSlot failoverSlot = FailoverSlot.AUTO;
        private boolean initialSnapshot = true;
        private int snapshotBatchRows = 100_000;
        private long snapshotChunkPages = 4096;
        private int snapshotParallelism = 2;
        private boolean highAvailability = true;
        private String instanceId;
        private Duration leaseInterval = Duration.ofSeconds(1);
        private Duration leaseTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** {@code jdbc:postgresql://host:port/database}. */
        public Builder postgres(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("PostgreSQL URL '" + (jdbcUrl == null ? null : Redaction.url(jdbcUrl)) + "' must start with jdbc:postgresql:");
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            if (user == null || user.isBlank()) {
                throw new ConfigException("PostgreSQL user must not be empty");
            }
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** A pgjdbc connection property, e.g. {@code sslmode=verify-full}, {@code sslrootcert=/path/ca.pem}. */
        public Builder pgProperty(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new ConfigException("PostgreSQL property " + key + "=" + value + " needs a key and a value");
            }
            if (key.equals("socketTimeout")) {
                throw new ConfigException("PostgreSQL property socketTimeout is refused: on replication connections it breaks pgjdbc 42.7.11+ "
                        + "(pgjdbc #4328/#4356); the pipeline detects dead connections through the server's keepalives instead");
            }
            pgProperties.put(key, value);
            return this;
        }

        /** The replication slot: lower-case letters, digits and '_', at most 63 characters (PostgreSQL's rule). */
        public Builder slot(String slotName) {
            if (slotName == null || !SLOT_NAME.matcher(slotName).matches()) {
                throw new ConfigException("slot name '" + slotName + "' is invalid: use 1 to 63 lower-case letters, digits or '_'");
            }
            this.slotName = slotName;
            return this;
        }

        public Builder publication(String publicationName) {
            if (publicationName == null || publicationName.isBlank() || publicationName.length() > 63) {
                throw new ConfigException("publication name '" + publicationName + "' is invalid: 1 to 63 characters");
            }
            this.publicationName = publicationName;
            return this;
        }

        /** The prefix of every Stream Load label (default: the slot name). */
        public Builder labelPrefix(String prefix) {
            this.labelPrefix = BatchLabels.requirePrefix(prefix);
            return this;
        }

        public Builder transport(String scheme) {
            if (scheme == null || !scheme.matches("[a-z0-9-]+")) {
                throw new ConfigException("transport scheme '" + scheme + "' is invalid: lower-case letters, digits and '-'");
            }
            this.transportScheme = scheme;
            return this;
        }

        public Builder transportSetting(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new ConfigException("transport setting " + key + "=" + value + " needs a key and a value");
            }
            transportSettings.put(key, value);
            return this;
        }

        public Builder transportSettings(Map<String, String> settings) {
            settings.forEach(this::transportSetting);
            return this;
        }

        /** Maps a PostgreSQL table to a Doris table. */
        public Builder route(TableRoute route) {
            Objects.requireNonNull(route, "route");
            for (TableRoute r : routes) {
                if (r.source().equals(route.source())) {
                    throw new ConfigException("table " + route.source() + " is mapped twice: to " + r.target() + " and to " + route.target());
                }
            }
            routes.add(route);
            return this;
        }

        /** {@code route("public.users", "mydb", "users")}. */
        public Builder route(String pgTable, String dorisDb, String dorisTable) {
            try {
                return route(TableRoute.of(pgTable, dorisDb, dorisTable));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }

        public Builder batchMaxRows(int rows) {
            if (rows < 1 || rows > 10_000_000) {
                throw new ConfigException("batch max rows " + rows + " is out of range [1, 10000000]");
            }
            this.batchMaxRows = rows;
            return this;
        }

        public Builder batchMaxBytes(long bytes) {
            if (bytes < 1024 || bytes > (8L << 30)) {
                throw new ConfigException("batch max bytes " + bytes + " is out of range [1 KiB, 8 GiB]");
            }
            this.batchMaxBytes = bytes;
            return this;
        }

        public Builder batchMaxAge(Duration age) {
            if (age == null || age.isNegative() || age.isZero() || age.compareTo(Duration.ofHours(1)) > 0) {
                throw new ConfigException("batch max age " + age + " is out of range (0, 1h]");
            }
            this.batchMaxAge = age;
            return this;
        }

        /**
         * When the stream is idle (everything received is handled, no transaction is half read), a table's
         * pending changes are sent at once if its previous load began at least {@code 1 / loadsPerSecond}
         * seconds ago, else when that time has passed: a lone transaction is in Doris within milliseconds,
         * and a steady trickle makes at most this many loads per table per second (Doris wants few, large
         * loads). A full batch ({@link #batchMaxRows}, {@link #batchMaxBytes}) is sent at once, and one whose
         * oldest change reached {@link #batchMaxAge} too, so a table gets at most
         * {@code max(loadsPerSecond, 1 / max-age)} loads per second that are not full. From 0.001 to 1000.
         */
        public Builder batchMaxLoadsPerSecond(double loadsPerSecond) {
            if (!(loadsPerSecond >= 0.001 && loadsPerSecond <= 1000)) {
                throw new ConfigException("batch max loads per second " + loadsPerSecond + " is out of range [0.001, 1000]; "
                        + "0.2 means at most one early load per table every 5 seconds");
            }
            this.batchMaxLoadsPerSecond = loadsPerSecond;
            return this;
        }

        /** Bytes the ring, the batches being built and staged large transactions may hold before backpressure or spilling. */
        public Builder memoryBudgetBytes(long bytes) {
            if (bytes < (1L << 20)) {
                throw new ConfigException("memory budget " + bytes + " bytes is below the minimum of 1 MiB");
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /** Slots in the ring between the reader and the batch builders: a power of two from 64 to 1048576. */
        public Builder ringSize(int slots) {
            if (slots < 64 || slots > (1 << 20) || Integer.bitCount(slots) != 1) {
                throw new ConfigException("ring size " + slots + " must be a power of two from 64 to 1048576");
            }
            this.ringSize = slots;
            return this;
        }

        public Builder truncatePolicy(TruncatePolicy policy) {
            this.truncatePolicy = Objects.requireNonNull(policy, "truncatePolicy");
            return this;
        }

        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
            return this;
        }

        /** How often the reader reports its position to the server even when nothing changes (1 s to 5 min). */
        public Builder statusInterval(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new ConfigException("status interval " + interval + " is out of range [1s, 5m]");
            }
            this.statusInterval = interval;
            return this;
        }

        /** Ask the server for binary values where the decoder can read every column's binary form (default true). */
        public Builder binaryValues(boolean binary) {
            this.binaryValues = binary;
            return this;
        }

        /** Where large streamed transactions spill past the memory budget. */
        public Builder spillDirectory(Path dir) {
            this.spillDirectory = Objects.requireNonNull(dir, "spillDirectory");
            return this;
        }

        public Builder listener(PipelineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Connections that copy a table's CTID ranges in parallel (1 to 32; default 2). */
        public Builder snapshotParallelism(int connections) {
            if (connections < 1 || connections > 32) {
                throw new ConfigException("snapshot parallelism " + connections + " is out of range [1, 32]");
            }
            this.snapshotParallelism = connections;
            return this;
        }

        /** Heap blocks (8 KiB pages) per copied CTID range (16 to 1048576; default 4096 = 32 MiB). */
        public Builder snapshotChunkPages(long pages) {
            if (pages < 16 || pages > (1L << 20)) {
                throw new ConfigException("snapshot chunk pages " + pages + " is out of range [16, 1048576]");
            }
            this.snapshotChunkPages = pages;
            return this;
        }

        /** Rows per Doris load during a copy (1 to 10000000; default 100000). */
        public Builder snapshotBatchRows(int rows) {
            if (rows < 1 || rows > 10_000_000) {
                throw new ConfigException("snapshot batch rows " + rows + " is out of range [1, 10000000]");
            }
            this.snapshotBatchRows = rows;
            return this;
        }

        /** Copy the mapped tables when the slot is created (default true); false streams changes only. */
        public Builder initialSnapshot(boolean copy) {
            this.initialSnapshot = copy;
            return this;
        }

        /** Install and follow the {@code doris_cdc} schema inside PostgreSQL (default true). */
        public Builder sqlControlPlane(boolean enabled) {
            this.sqlControlPlane = enabled;
            return this;
        }

        /**
         * Create each mapped table's Doris table when it is missing (Unique Key on the PostgreSQL key,
         * merge-on-write, a LARGEINT sequence column, types as docs/operations.md maps them), at start and
         * when a table is added, through the transport's SQL endpoint; an existing table is checked
         * (default false: the tables must exist).
         */
        public Builder createTables(boolean create) {
            this.createTables = create;
            return this;
        }

        /** What a change of a mapped table's columns does (default APPLY: Doris follows, in WAL order). */
        public Builder schemaChanges(SchemaChangePolicy policy) {
            this.schemaChanges = Objects.requireNonNull(policy, "schemaChanges");
            return this;
        }

        /** Drop a column in Doris when it is dropped in PostgreSQL (default false: it is kept and no longer written). */
        public Builder dropColumns(boolean drop) {
            this.dropColumns = drop;
            return this;
        }

        /**
         * Accept a publication that publishes a mapped table with a column list or a row filter
         * (PostgreSQL 15+): Doris then receives only that subset (default false: the start is refused).
         */
        public Builder acceptPublicationSubsets(boolean accept) {
            this.acceptPublicationSubsets = accept;
            return this;
        }

        /**
         * Elect one active instance among those that run this pipeline, the others standing by
         * (default true; docs/operations.md, "High availability"). Needs the {@code doris_cdc} schema,
         * which is then installed even without the SQL control plane.
         */
        public Builder highAvailability(boolean enabled) {
            this.highAvailability = enabled;
            return this;
        }

        /** This instance's name (1 to 100 printable characters; default host:pid), e.g. the Kubernetes pod name. */
        public Builder instanceId(String id) {
            if (id == null || id.isBlank() || id.length() > 100 || !id.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
                throw new ConfigException("instance id '" + id + "' must be 1 to 100 printable ASCII characters");
            }
            this.instanceId = id.trim();
            return this;
        }

        /** How often the active instance renews its lease and standbys look at it (100 ms to 1 min; default 1 s). */
        public Builder leaseInterval(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new ConfigException("lease interval " + interval + " is out of range [100ms, 1m]");
            }
            this.leaseInterval = interval;
            return this;
        }

        /**
         * How long a lease may go unrenewed before a standby takes over (at least three lease intervals,
         * at most 10 min; default 5 s). The active instance stops on its own one interval earlier.
         */
        public Builder leaseTimeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(Duration.ofMillis(300)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new ConfigException("lease timeout " + timeout + " is out of range [300ms, 10m]");
            }
            this.leaseTimeout = timeout;
            return this;
        }

        /**
         * Whether the slot is a failover slot that standbys with {@code sync_replication_slots} keep
         * (PostgreSQL 17+): {@link FailoverSlot#AUTO} (default) where the server has them, {@link FailoverSlot#ON}
         * always (a server before 17 is refused at start), {@link FailoverSlot#OFF} never.
         */
        public Builder failoverSlot(FailoverSlot mode) {
            this.failoverSlot = Objects.requireNonNull(mode, "failoverSlot");
            return this;
        }

        public PipelineConfig build() {
            if (jdbcUrl == null) {
                throw new ConfigException("the PostgreSQL URL is required: builder().postgres(\"jdbc:postgresql://host:5432/db\")");
            }
            if (leaseTimeout.compareTo(leaseInterval.multipliedBy(3)) < 0) {
                throw new ConfigException("lease timeout " + leaseTimeout + " must be at least three lease intervals (" + leaseInterval.multipliedBy(3)
                        + "): the active instance renews every interval and stops on its own one interval before the timeout");
            }
            return new PipelineConfig(this);
        }
    }

    /** The table ids of every route. */
    public List<TableId> sourceTables() {
        return routes.stream().map(TableRoute::source).toList();
    }
}
