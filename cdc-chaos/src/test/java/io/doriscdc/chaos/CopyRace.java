package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.internal.control.ControlPlane;
import io.doriscdc.testsupport.PgServer;
import io.doriscdc.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The machinery of {@link CopyChaosIT}: one PostgreSQL database with the chaos tables (in Doris too)
 * and seed rows laid out for copies ({@link CopySeed}), the suite's {@link Writer}s on their own key
 * ranges plus a {@link ToastToucher}, pipeline processes ({@link ChaosChild}) that the test starts and
 * SIGKILLs at exact moments, what the test needs to find those moments (the copy plan, the slot, the
 * {@link PlanGate}), and the end: copies awaited, writers stopped, the slot caught up and every table
 * compared row by row ({@link Verification}). Not thread-safe: one test thread.
 */
final class CopyRace implements AutoCloseable {

    static final List<String> ALL = ChaosSchema.TABLES.stream().map(TableDef::name).toList();
    private static final String ADMIN = "chaos_copy_admin";
    private static final String ADMIN_PASSWORD = "copy-admin";

    final String slot;
    final DorisEmulator emu;
    final Connector pg;
    final PlanGate planGate;
    final RunLog log = new RunLog(System.out);
    private final PgServer server;
    private final String database;
    private final ChaosSettings settings;
    private final Path logDir;
    private final WorkloadStats stats = new WorkloadStats();
    private final Gate writing = new Gate();
    private final List<Thread> writers = new ArrayList<>();
    private final ToastToucher toucher;
    private final List<PipelineProcess> processes = new ArrayList<>();
    private final Set<Integer> killed = new HashSet<>();

    private CopyRace(PgServer server, String database, String slot, ChaosSettings settings, DorisEmulator emu, PlanGate planGate) {
        this.server = server;
        this.database = database;
        this.slot = slot;
        this.settings = settings;
        this.emu = emu;
        this.pg = () -> server.connect(database);
        this.planGate = planGate;
        this.toucher = new ToastToucher(pg, writing, stats, log);
        this.logDir = settings.logDir().resolve("copy-" + slot + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * A new database {@code name} with the chaos tables and the seed rows, the control plane installed
     * (so that the plan gate and the admin role exist before any pipeline starts), and a fresh emulator.
     * Writers write with {@code truncates} only when the slot exists before they start (docs/chaos.md).
     */
    static CopyRace create(PostgresExtension ext, String name, long seed, boolean truncates) throws SQLException {
        PgServer server = ext.server();
        String database = ext.createDatabase("copy_" + name + "_" + ProcessHandle.current().pid());
        ChaosSettings settings = ChaosSettings.builder(seed).writers(2).truncates(truncates).build();
        DorisEmulator emu = DorisEmulator.builder().backends(2).start();
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            ChaosSchema.create(c, database, emu);
            ControlPlane.install(c);
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ADMIN + "') THEN "
                    + "CREATE ROLE " + ADMIN + " LOGIN PASSWORD '" + ADMIN_PASSWORD + "'; END IF; END $$");
            st.execute("GRANT doris_cdc_admin TO " + ADMIN);
            CopySeed.load(c, settings);
            st.execute("ANALYZE");
            return new CopyRace(server, database, "copy_" + name, settings, emu, PlanGate.install(() -> server.connect(database)));
        } catch (SQLException | RuntimeException e) {
            emu.close();
            throw e;
        }
    }

    long seed() {
        return settings.seed();
    }

    static List<String> allBut(String... tables) {
        return ALL.stream().filter(t -> !List.of(tables).contains(t)).toList();
    }

    /** The writers and the toucher start; they run until {@link #finish()}. */
    void startWriters() {
        for (int i = 0; i < settings.writers(); i++) {
            Thread t = new Thread(new Writer(i, settings, pg, stats, writing), slot + "-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
        Thread toucher = new Thread(this.toucher, slot + "-toast-toucher");
        toucher.setDaemon(true);
        writers.add(toucher);
        toucher.start();
        log.line("writers started: " + settings.writers() + " chaos writers (seed " + settings.seed() + ") and the TOAST toucher");
    }

    private List<String> args(List<String> tables) {
        return List.of("url=" + server.jdbcUrl(database), "user=" + server.user(), "password=" + server.password(), "slot=" + slot,
                "fe=127.0.0.1:" + emu.feHttpPort(), "db=" + ChaosSchema.DORIS_DB, "tables=" + String.join(",", tables), "truncate=PROPAGATE",
                "status-interval=1s", "snapshot-batch-rows=250", "snapshot-chunk-pages=16");
    }

    /** Starts a pipeline process over {@code tables} (the configured routes; tables mapped by SQL come on top), without waiting. */
    PipelineProcess start(List<String> tables) {
        PipelineProcess p = PipelineProcess.start(processes.size() + 1, args(tables), ChildClasspath.current(), logDir);
        processes.add(p);
        log.line("started " + p + " configured with " + (tables.equals(ALL) ? "every table" : tables));
        return p;
    }

    /** Waits until the slot is free (a killed process's walsender may hold it a moment), starts a process and awaits STARTED. */
    PipelineProcess restart(List<String> tables) throws SQLException, InterruptedException {
        awaitSlotReleased();
        PipelineProcess p = start(tables);
        awaitStarted(p);
        return p;
    }

    void awaitStarted(PipelineProcess p) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (p.alive() && !p.started() && System.nanoTime() < end) {
            Thread.sleep(50); // polling the child's output
        }
        if (!p.alive() || !p.started()) {
            throw new AssertionError(p + " did not start: " + p.failure().orElse(p.alive() ? "no STARTED within 90 s" : "exit " + p.exitCode())
                    + " (" + p.log() + ")");
        }
    }

    PipelineProcess current() {
        return processes.get(processes.size() - 1);
    }

    /** SIGKILL of the current process. */
    void kill(String when) {
        PipelineProcess p = current();
        if (!p.alive()) {
            throw new AssertionError(p + " ended by itself before it could be killed " + when + ": " + p.failure().orElse("exit " + p.exitCode())
                    + " (" + p.log() + ")");
        }
        killed.add(p.number());
        p.kill();
        log.line(String.format("SIGKILL %s %s, after %.1f s; its tables were %s", p, when, p.ageSeconds(), p.tables()));
    }

    void awaitSlotReleased() throws SQLException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end && slotActive()) {
            Thread.sleep(50); // polling pg_replication_slots
        }
    }

    private boolean slotActive() throws SQLException {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Whether the pipeline's slot exists (being created counts). */
    boolean slotExists() throws SQLException {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Ranges of {@code table}'s copy plan: {copied, not yet copied}. */
    long[] ranges(String table) throws SQLException {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE done_at IS NOT NULL), "
                + "count(*) FILTER (WHERE done_at IS NULL) FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = 'public' "
                + "AND table_name = ?")) {
            ps.setString(1, slot);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /**
     * Waits until {@code table}'s copy has at least {@code copied} ranges copied and {@code left} still to copy: the
     * moment to kill "in the middle of the copy".
     */
    void awaitMidCopy(String table, int copied, int left) throws SQLException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long[] r = ranges(table);
        while (!(r[0] >= copied && r[1] >= left)) {
            PipelineProcess p = current();
            if (!p.alive() || System.nanoTime() > end) {
                throw new AssertionError("the harness: the copy of " + table + " never stood at >= " + copied + " ranges copied and >= "
                        + left + " to copy (now " + r[0] + " and " + r[1] + "); " + p + ": " + p.failure().orElse(p.alive() ? "alive" : "ended"));
            }
            Thread.sleep(10); // polling the plan
            r = ranges(table);
        }
    }

    /** Waits until the current process writes a copy plan and waits at the closed {@link #planGate}; returns its backend. */
    int awaitPlanWaiter() throws SQLException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end && current().alive()) {
            java.util.OptionalInt pid = planGate.awaitWaiter(Duration.ofMillis(500));
            if (pid.isPresent()) {
                log.line(current() + " waits at the plan gate (backend " + pid.getAsInt() + ")");
                return pid.getAsInt();
            }
        }
        throw new AssertionError("the harness: " + current() + " never wrote a copy plan: " + current().failure().orElse(
                current().alive() ? "alive after 90 s" : "ended with exit code " + current().exitCode()) + " (" + current().log() + ")");
    }

    /** See {@link CopySeed#emptyFillerAndVacuumFull}. */
    void emptyFillerAndVacuumFull() throws SQLException {
        CopySeed.emptyFillerAndVacuumFull(pg, slot, log);
    }

    /** Runs statements in one transaction as a member of doris_cdc_admin; returns the WAL position after its commit. */
    String asAdmin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), ADMIN, ADMIN_PASSWORD); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String s : statements) {
                st.execute(s);
            }
            c.commit();
            log.line("as " + ADMIN + ": " + String.join("; ", statements));
            return walInsertLsn(st);
        }
    }

    static String walInsertLsn(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Waits up to {@code timeout} for the slot to confirm {@code lsn}; false when it did not (a product may hold it back). */
    boolean awaitConfirmed(String lsn, Duration timeout) throws SQLException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                    "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, lsn);
                ps.setString(2, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                }
            }
            Thread.sleep(100); // polling the slot
        }
        return false;
    }

    /** Waits until the current process shows every table of {@code tables} STREAMING and no range is left to copy. */
    boolean awaitCopied(List<String> tables, Duration timeout) throws SQLException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && current().alive()) {
            Map<String, String> states = current().tables();
            if (tables.stream().allMatch(t -> "STREAMING".equals(states.get(t))) && pendingRanges() == 0) {
                return true;
            }
            Thread.sleep(100); // polling the child's output and the plan
        }
        return false;
    }

    /** {@link #awaitCopied} that fails the test (as a harness failure) when the copies do not end within 90 s. */
    void requireCopied(List<String> tables) throws SQLException, InterruptedException {
        if (!awaitCopied(tables, Duration.ofSeconds(90))) {
            throw new AssertionError("the harness: " + current() + " did not copy " + tables + " within 90 s: " + current().tables() + ", "
                    + current().failure().orElse(current().alive() ? "alive" : "ended") + " (" + current().log() + ")");
        }
        log.line(current() + " copied " + (tables.equals(ALL) ? "every table" : tables));
    }

    /** Ends a backend, as PostgreSQL does to a session an administrator terminates, a timeout ends or a network fault cuts. */
    void terminate(int backend) throws SQLException {
        try (Connection c = pg.open(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + backend + ")");
        }
        log.line("terminated backend " + backend);
    }

    private long pendingRanges() throws SQLException {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND done_at IS NULL")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void stopWriters() throws InterruptedException {
        writing.stop();
        for (Thread t : writers) {
            t.join(120_000);
        }
    }

    /**
     * The end of a test: every copy awaited while the writers still write, then the writers stopped,
     * faults cleared, the slot caught up with PostgreSQL and every table compared. Returns what is
     * wrong; empty when the run converged.
     */
    List<String> finish() throws SQLException, InterruptedException {
        List<String> problems = new ArrayList<>();
        boolean copied = awaitCopied(ALL, Duration.ofSeconds(90)); // the writers go on: the copies race them to their end
        stopWriters();
        emu.faults().clear();
        log.line("writers stopped: " + stats + "; the toucher changed " + toucher.touched() + " rows with unchanged TOAST values");
        if (!copied) {
            problems.add("the copies did not end within 90 s: tables " + current().tables() + ", " + pendingRanges() + " range(s) left");
        }
        Verification v = Verification.run(pg, slot, emu, Duration.ofSeconds(90), () -> (int) endedByThemselves().count());
        log.line(v.describe());
        endedByThemselves().forEach(p -> problems.add(p + " ended by itself: " + p.failure().orElse("exit code " + p.exitCode()) + " (" + p.log() + ")"));
        PipelineProcess last = current();
        if (!last.alive()) {
            problems.add("the last pipeline process is not alive");
        }
        if (!v.caughtUp()) {
            problems.add("the slot did not catch up: confirmed " + v.confirmedLsn() + " < " + v.targetLsn());
        }
        for (TableComparison t : v.tables()) {
            if (!t.equal()) {
                problems.add(t.describe(3));
            }
        }
        if (!problems.isEmpty() && !last.lastProblems(10).isEmpty()) {
            log.line("last pipeline process's warnings and errors (" + last.log() + "):\n    "
                    + last.lastProblems(10).stream().map(Supervisor::abbreviate).collect(Collectors.joining("\n    ")));
        }
        return problems;
    }

    private java.util.stream.Stream<PipelineProcess> endedByThemselves() {
        return processes.stream().filter(p -> !killed.contains(p.number()) && !p.alive());
    }

    @Override
    public void close() throws Exception {
        try {
            stopWriters();
            planGate.close();
            for (PipelineProcess p : processes) {
                if (p.alive()) {
                    killed.add(p.number());
                    p.kill();
                }
            }
            awaitSlotReleased();
            try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
                ps.setString(1, slot);
                ps.execute(); // the slot holds WAL; the other tests of the class need none of it
            }
        } finally {
            emu.close();
        }
    }
}
