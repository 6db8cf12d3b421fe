package io.doriscdc.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A primary and its physical standby, both of their own (zonky binaries, data under
 * {@code target/}), for failover tests. The standby is made from a {@link BaseBackup} of the
 * running primary and streams from it through the physical slot {@link #PHYSICAL_SLOT} (made before
 * the backup, so the primary keeps the WAL the standby needs), with {@code hot_standby_feedback} and,
 * on PostgreSQL 17+, {@code sync_replication_slots} (a {@code dbname} in {@code primary_conninfo}),
 * so that failover slots are synced to it; the primary waits for that slot before logical
 * walsenders send changes ({@code synchronized_standby_slots}, 17+). Both run with the settings of
 * the shared test server (logical decoding).
 *
 * <p>Thread-safe. Close it to stop both servers and remove the standby's files.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    /** The standby's physical slot on the primary. */
    public static final String PHYSICAL_SLOT = "doris_cdc_standby";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EmbeddedPostgres primary;
    private final Path primaryData;
    private final Path standbyData;
    private final Path bin;
    private final int major;
    private final int standbyPort;
    private boolean standbyRunning;

    private ReplicatedPostgres(EmbeddedPostgres primary, Path primaryData, Path standbyData, Path bin, int major, int standbyPort) {
        this.primary = primary;
        this.primaryData = primaryData;
        this.standbyData = standbyData;
        this.bin = bin;
        this.major = major;
        this.standbyPort = standbyPort;
    }

    /**
     * Starts the primary, makes the standby and starts it, and returns once the standby streams.
     *
     * @throws IllegalStateException when a server does not start, naming its log
     */
    public static ReplicatedPostgres start() {
        int requested = PgServers.requestedMajor();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path work = target.resolve("epg-work");
        String id = ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        Path primaryData = target.resolve("epg-primary-" + id);
        Path standbyData = target.resolve("epg-standby-" + id);
        EmbeddedPostgres primary;
        try {
            Files.createDirectories(work);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(primaryData.toFile())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60));
            ServerSettings.logical().forEach(b::setServerConfig);
            primary = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the primary under " + primaryData, e);
        }
        ReplicatedPostgres pair = null;
        try {
            int major = queryInt(primary.getPort(), "SELECT current_setting('server_version_num')::int / 10000");
            if (major != requested) {
                throw new IllegalStateException("-Dpg.version=" + requested + " but the zonky binaries are PostgreSQL " + major
                        + "; run Maven with -Dpg.version=" + requested);
            }
            Path bin = PgCtl.binDir(work, major).orElseThrow(() -> new IllegalStateException("no pg_ctl under " + work));
            pair = new ReplicatedPostgres(primary, primaryData, standbyData, bin, major, freePort());
            pair.makeStandby();
            pair.startStandby();
            pair.awaitStreaming();
            if (major >= 17) {
                pair.executePrimary("postgres", "ALTER SYSTEM SET synchronized_standby_slots = '" + PHYSICAL_SLOT + "'", "SELECT pg_reload_conf()");
                int port = primary.getPort();
                await("the primary has reloaded synchronized_standby_slots", Duration.ofSeconds(30), () -> {
                    try (Connection c = connect(port, "postgres"); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT current_setting('synchronized_standby_slots')")) {
                        rs.next();
                        return PHYSICAL_SLOT.equals(rs.getString(1));
                    } catch (SQLException e) {
                        return false;
                    }
                });
            }
            return pair;
        } catch (SQLException | RuntimeException e) {
            if (pair != null) {
                pair.close();
            } else {
                closeQuietly(primary);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot make the standby: " + e.getMessage(), e);
        }
    }

    private void makeStandby() throws SQLException {
        try (Connection c = connectPrimary("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_create_physical_replication_slot('" + PHYSICAL_SLOT + "', true)");
            BaseBackup.take(c, major, primaryData, standbyData);
        }
        List<String> conf = new ArrayList<>(List.of(
                "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort() + " user=postgres dbname=postgres application_name=" + PHYSICAL_SLOT + "'",
                "primary_slot_name = '" + PHYSICAL_SLOT + "'",
                "hot_standby = on",
                "hot_standby_feedback = on"));
        if (major >= 17) {
            conf.add("sync_replication_slots = on");
        }
        try {
            Files.writeString(standbyData.resolve("postgresql.auto.conf"), "\n" + String.join("\n", conf) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(standbyData.resolve("standby.signal"), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the standby in " + standbyData, e);
        }
    }

    private synchronized void startStandby() {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(standbyPort), "-F"));
        ServerSettings.logical().forEach((k, v) -> {
            options.add("-c");
            options.add(k + "=" + v);
        });
        PgCtl.run(bin, log("pg_ctl"), "-D", standbyData.toString(), "-l", log("server").toString(), "-o", String.join(" ", options),
                "-w", "-t", "120", "start");
        standbyRunning = true;
    }

    private void awaitStreaming() {
        await("the standby streams from the primary (see " + log("server") + ")", Duration.ofSeconds(120), () -> {
            try {
                return queryInt(primaryPort(), "SELECT count(*)::int FROM pg_stat_replication WHERE state = 'streaming'") > 0;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private Path log(String what) {
        return standbyData.resolveSibling(standbyData.getFileName() + "-" + what + ".log");
    }

    public String host() {
        return "127.0.0.1";
    }

    public int primaryPort() {
        return primary.getPort();
    }

    public int standbyPort() {
        return standbyPort;
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "";
    }

    public int majorVersion() {
        return major;
    }

    /**
     * A URL that lists both servers and asks pgjdbc for the one that takes writes:
     * {@code jdbc:postgresql://127.0.0.1:<primary>,127.0.0.1:<standby>/<database>?targetServerType=primary}.
     */
    public String failoverUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + primaryPort() + "," + host() + ":" + standbyPort + "/" + database + "?targetServerType=primary";
    }

    public Connection connectPrimary(String database) throws SQLException {
        return connect(primaryPort(), database);
    }

    public Connection connectStandby(String database) throws SQLException {
        return connect(standbyPort, database);
    }

    /** Runs statements on the primary, in autocommit. */
    public void executePrimary(String database, String... statements) throws SQLException {
        try (Connection c = connectPrimary(database); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /**
     * Waits until the standby has logical slot {@code slot} synced from the primary and ready to be
     * used after a promotion: {@code synced}, not temporary, not invalidated (PostgreSQL 17+; see
     * "Logical Replication Failover" in PostgreSQL's documentation).
     *
     * @throws IllegalStateException when it is not within {@code timeout}
     */
    public void awaitSyncedSlot(String slot, Duration timeout) {
        if (major < 17) {
            throw new IllegalStateException("PostgreSQL " + major + " does not sync slots to standbys (17+)");
        }
        await("the standby has slot " + slot + " synced (see " + log("server") + ")", timeout, () -> {
            try (Connection c = connectStandby("postgres");
                 PreparedStatement ps = c.prepareStatement("SELECT synced AND NOT temporary AND invalidation_reason IS NULL"
                         + " FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /**
     * Waits until the standby has replayed everything the primary has written so far.
     *
     * @throws IllegalStateException when it has not within {@code timeout}
     */
    public void awaitStandbyReplayed(Duration timeout) throws SQLException {
        String lsn;
        try (Connection c = connectPrimary("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        await("the standby has replayed the primary's WAL up to " + lsn, timeout, () -> {
            try (Connection c = connectStandby("postgres");
                 PreparedStatement ps = c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
                ps.setString(1, lsn);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** Promotes the standby ({@code pg_promote}, which waits until it is done) and returns once it takes writes. */
    public void promoteStandby() throws SQLException {
        try (Connection c = connectStandby("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_promote(true, 60)")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("the standby on port " + standbyPort + " was not promoted within 60 s; see " + log("server"));
            }
        }
    }

    /** {@code pg_ctl stop -m immediate} of the primary: every session cut off, nothing flushed, as in a crash. */
    public void stopPrimaryImmediately() {
        PgCtl.run(bin, primaryData.resolveSibling(primaryData.getFileName() + "-stop.log"), "-D", primaryData.toString(), "stop", "-m", "immediate",
                "-w", "-t", "60");
    }

    @Override
    public synchronized void close() {
        if (standbyRunning) {
            try {
                PgCtl.run(bin, log("pg_ctl"), "-D", standbyData.toString(), "stop", "-m", "immediate", "-w", "-t", "60");
            } catch (RuntimeException e) {
                System.err.println("the standby did not stop: " + e.getMessage());
            }
            standbyRunning = false;
        }
        closeQuietly(primary);
        try (Stream<Path> files = Files.exists(standbyData) ? Files.walk(standbyData) : Stream.empty()) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot remove " + standbyData + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close(); // after stopPrimaryImmediately zonky's own stop fails and says so; its files are removed all the same
        } catch (IOException | RuntimeException e) {
            System.err.println("the primary did not stop cleanly: " + e.getMessage());
        }
    }

    private static Connection connect(int port, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private static int queryInt(int port, String sql) throws SQLException {
        try (Connection c = connect(port, "postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the standby", e);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(100); // polling interval while awaiting the servers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major + " primary on port " + primaryPort() + " with a standby on port " + standbyPort;
    }
}
