package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.emulator.LoadRecord;
import io.doriscdc.testsupport.PgServer;
import io.doriscdc.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The machinery of {@link SchemaChaosIT}: a database of its own with the table {@code evolving}
 * (6,000 seed rows, in Doris too), an emulator, the {@link SchemaWriter}s, the {@link DdlSession},
 * pipeline processes ({@link ChaosChild}) that the test starts and that the emulator's hooks SIGKILL
 * at the exact moment of a column change ({@link #arm}), and the end: the slot caught up, then every
 * row and value compared, and the Doris table's columns and types compared with PostgreSQL's
 * ({@link #finish}). Not thread-safe, except what the emulator's hooks call.
 */
final class SchemaRace implements AutoCloseable {

    static final String DORIS_DB = "schema_chaos";
    private static final int SEED_ROWS = 6_000;

    /** Where a pipeline process dies around the Doris statement of a column change. */
    enum KillPoint {
        /** not killed: the change is only followed */
        NONE,
        /** Doris has received the ALTER and not applied it (nor will it: the client is gone) */
        BEFORE_DORIS_ALTER,
        /** Doris has applied the ALTER; the answer is not sent yet */
        AFTER_DORIS_ALTER,
        /** Doris has committed the first load after the ALTER, which carries the new shape; the answer is not sent yet */
        AFTER_FIRST_LOAD
    }

    /** A kill armed at one column change; {@link #where} says where it landed. Thread-safe. */
    static final class Kill {
        final KillPoint point;
        final String clause;
        final CountDownLatch fired = new CountDownLatch(1);
        final AtomicBoolean once = new AtomicBoolean();
        volatile boolean altered;
        volatile String statement;
        volatile String where;

        Kill(KillPoint point, String clause) {
            this.point = point;
            this.clause = clause;
        }

        boolean landed() {
            return fired.getCount() == 0;
        }
    }

    final DorisEmulator emu;
    final Connector pg;
    final EvolvingLayout layout;
    final RunLog log = new RunLog(System.out);
    final DdlSession ddl;
    private final PgServer server;
    private final String database;
    private final String slot;
    private final long seed;
    private final boolean dropColumns;
    private final Path logDir;
    private final WorkloadStats stats = new WorkloadStats();
    private final Map<String, LongAdder> writerErrors = SchemaWriter.errorCounts();
    private final Gate writing = new Gate();
    private final List<Thread> writers = new ArrayList<>();
    private final List<PipelineProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<Integer> killed = ConcurrentHashMap.newKeySet();
    private final List<String> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> findings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> expectations = new ArrayList<>();
    private volatile PipelineProcess current;

    private SchemaRace(PgServer server, String database, String slot, long seed, boolean dropColumns, DorisEmulator emu, EvolvingLayout layout) {
        this.server = server;
        this.database = database;
        this.slot = slot;
        this.seed = seed;
        this.dropColumns = dropColumns;
        this.emu = emu;
        this.layout = layout;
        this.pg = () -> server.connect(database);
        this.ddl = new DdlSession(pg, layout, log, this::streamedTransactions);
        this.logDir = Path.of(System.getProperty("chaos.dir", "target/chaos"))
                .resolve("schema-" + slot + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * A new database with {@code evolving}: the stable columns and {@code managed}, 6,000 seed rows, the same table in
     * a fresh emulator. {@code dropColumns} is the pipeline's {@code policies.drop-columns} (true: drop).
     */
    static SchemaRace create(PostgresExtension ext, String name, long seed, boolean dropColumns, List<EvolvingLayout.Col> managed)
            throws SQLException {
        PgServer server = ext.server();
        String database = ext.createDatabase("schema_" + name + "_" + ProcessHandle.current().pid());
        EvolvingLayout layout = new EvolvingLayout(managed);
        DorisEmulator emu = DorisEmulator.builder().backends(2).start();
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + database + "\" SET logical_decoding_work_mem = '64kB'");
            st.execute(layout.pgDdl());
            String names = managed.stream().map(x -> ", " + x.name()).collect(Collectors.joining());
            String values = managed.stream().map(x -> ", " + EvolvingLayout.expression(x.pgType(), 0, "g::int8")).collect(Collectors.joining());
            st.execute("INSERT INTO " + EvolvingLayout.TABLE + " (id, w, n, pad" + names + ") SELECT g, -1, g, 'seed ' || g" + values
                    + " FROM generate_series(1, " + SEED_ROWS + ") g");
            st.execute("ANALYZE " + EvolvingLayout.TABLE);
            emu.sql(DORIS_DB, "CREATE DATABASE IF NOT EXISTS " + DORIS_DB);
            emu.sql(DORIS_DB, layout.tableDef().dorisDdl(DORIS_DB));
            return new SchemaRace(server, database, "schema_" + name, seed, dropColumns, emu, layout);
        } catch (SQLException | RuntimeException e) {
            emu.close();
            throw e;
        }
    }

    long seed() {
        return seed;
    }

    boolean dropsColumns() {
        return dropColumns;
    }

    Path logDir() {
        return logDir;
    }

    void startWriters(int n) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(new SchemaWriter(i, n, seed, pg, layout, stats, writing, writerErrors), slot + "-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
        log.line(n + " writers started (seed " + seed + ")");
    }

    /** Waits until the slot is free (a killed process's walsender may hold it a moment), starts a process and awaits STARTED. */
    PipelineProcess restart() throws SQLException, InterruptedException {
        awaitSlotReleased();
        PipelineProcess p = PipelineProcess.start(processes.size() + 1, List.of("url=" + server.jdbcUrl(database), "user=" + server.user(),
                "password=" + server.password(), "slot=" + slot, "fe=127.0.0.1:" + emu.feHttpPort(), "db=" + DORIS_DB,
                "tables=" + EvolvingLayout.TABLE, "truncate=PROPAGATE", "status-interval=1s", "drop-columns=" + dropColumns),
                ChildClasspath.current(), logDir);
        processes.add(p);
        current = p;
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (p.alive() && !p.started() && System.nanoTime() < end) {
            Thread.sleep(50); // polling the child's output
        }
        if (!p.alive() || !p.started()) {
            throw new AssertionError(p + " did not start: " + p.failure().orElse(p.alive() ? "no STARTED within 90 s" : "exit " + p.exitCode())
                    + " (" + p.log() + ")");
        }
        log.line("started " + p);
        return p;
    }

    /** Waits until the current process streams the table (its first copy done). */
    void awaitStreaming() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!"STREAMING".equals(current.tables().get(EvolvingLayout.TABLE))) {
            requireAlive("while copying the table");
            if (System.nanoTime() > end) {
                throw new AssertionError("the harness: " + current + " did not copy " + EvolvingLayout.TABLE + " within 90 s: " + current.tables());
            }
            Thread.sleep(50); // polling the child's output
        }
        log.line(current + " copied the table");
    }

    /**
     * Arms a kill of the pipeline process at the Doris statement of one column change: the ALTER whose text holds
     * {@code clause} (e.g. {@code ADD COLUMN `c`}); at {@link KillPoint#AFTER_FIRST_LOAD}, the first committed load after it
     * whose {@code columns} header {@code carries} accepts. The emulator runs the kill on its handler thread, while it
     * processes the request. A null {@code clause} is a change that sends Doris no statement (a drop kept in Doris): then
     * only AFTER_FIRST_LOAD can be armed, at the first load {@code carries} accepts.
     */
    Kill arm(KillPoint point, String clause, Predicate<List<String>> carries) {
        if (clause == null && point != KillPoint.AFTER_FIRST_LOAD && point != KillPoint.NONE) {
            throw new IllegalArgumentException("a change that sends Doris no statement cannot be killed at " + point);
        }
        Kill k = new Kill(point, clause == null ? "(no Doris statement)" : clause);
        k.altered = clause == null;
        Predicate<String> alter = s -> {
            boolean match = clause != null && k.statement == null && s.startsWith("ALTER TABLE") && s.contains("`" + EvolvingLayout.TABLE + "`")
                    && s.contains(clause);
            if (match) {
                k.statement = s; // the first statement of the change that reached Doris
            }
            return match;
        };
        switch (point) {
            case NONE -> emu.faults().onSql(alter, null, () -> k.altered = true);
            case BEFORE_DORIS_ALTER -> emu.faults().onSql(alter, () -> {
                killFromHook(k, "when Doris received '" + k.statement + "', before applying it");
                throw new IllegalStateException("the pipeline process died before Doris applied the statement");
            }, null);
            case AFTER_DORIS_ALTER -> emu.faults().onSql(alter, null, () -> killFromHook(k, "just after Doris applied '" + k.statement + "'"));
            case AFTER_FIRST_LOAD -> {
                emu.faults().onSql(alter, null, () -> k.altered = true);
                emu.faults().onLoadCommitted(DORIS_DB, EvolvingLayout.TABLE, () -> {
                    if (k.altered) {
                        LoadRecord load = lastLoad();
                        List<String> columns = columns(load);
                        if (carries.test(columns)) {
                            killFromHook(k, "just after Doris committed load " + load.label() + " (" + load.rowsLoaded() + " rows, columns "
                                    + columns + "), the first after '" + (k.statement == null ? k.clause : k.statement) + "'");
                        }
                    }
                });
            }
        }
        return k;
    }

    private void killFromHook(Kill k, String where) {
        if (k.once.compareAndSet(false, true)) {
            PipelineProcess p = current;
            killed.add(p.number());
            p.kill();
            k.where = where;
            k.fired.countDown();
        }
    }

    private LoadRecord lastLoad() {
        List<LoadRecord> all = emu.loads();
        for (int i = all.size() - 1; i >= 0; i--) {
            LoadRecord r = all.get(i);
            if (r.db().equals(DORIS_DB) && r.table().equals(EvolvingLayout.TABLE)) {
                return r;
            }
        }
        throw new IllegalStateException("the emulator reported a committed load of " + EvolvingLayout.TABLE + " it has no record of");
    }

    private static List<String> columns(LoadRecord r) {
        String header = r.headers().getOrDefault("columns", "");
        return Arrays.stream(header.split(",")).map(s -> s.trim().replace("`", "")).filter(s -> !s.isEmpty()).toList();
    }

    /** Waits until {@code k} has killed the current process; fails when the process ended by itself or the kill point never came. */
    void awaitKill(Kill k) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!k.landed()) {
            requireAlive("before the kill point " + k.point + " of '" + k.clause + "'");
            if (System.nanoTime() > end) {
                throw new AssertionError("the harness: the kill point " + k.point + " of '" + k.clause + "' was not reached within 120 s; "
                        + current + "'s threads in " + current.threadDump() + "; PostgreSQL: " + activity());
            }
            Thread.sleep(20); // polling the hook's latch
        }
        emu.faults().clear();
        String line = "SIGKILL " + current + " " + k.where;
        kills.add(line);
        log.line(line);
    }

    /** The database's sessions and the slot's walsender, for a report when something does not come. */
    private String activity() {
        try (Connection c = pg.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (SELECT string_agg(format('[%s %s %s/%s %s: %s]', pid, backend_type, state, wait_event_type, wait_event, "
                        + "left(query, 80)), ' ') "
                        + "FROM pg_stat_activity WHERE pid <> pg_backend_pid()) || ' WAL insert ' || pg_current_wal_insert_lsn() || ' flush ' "
                        + "|| pg_current_wal_flush_lsn() || '; slots: ' || (SELECT string_agg(format('%s active=%s restart=%s confirmed=%s', "
                        + "slot_name, active, restart_lsn, confirmed_flush_lsn), ', ') FROM pg_replication_slots) || '; walsenders: ' || "
                        + "coalesce((SELECT string_agg(format('%s sent=%s write=%s flush=%s', state, sent_lsn, write_lsn, flush_lsn), ', ') "
                        + "FROM pg_stat_replication), 'none')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private void requireAlive(String when) {
        PipelineProcess p = current;
        if (!p.alive() && !killed.contains(p.number())) {
            throw new AssertionError(p + " ended by itself " + when + ": " + p.failure().orElse("exit code " + p.exitCode()) + " (" + p.log()
                    + "); seed " + seed);
        }
    }

    /** Transactions PostgreSQL has streamed to the slot so far (pg_stat_replication_slots, PostgreSQL 14+). */
    long streamedTransactions() {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(stream_txns), 0) FROM pg_stat_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_replication_slots: " + e.getMessage(), e);
        }
    }

    private void awaitSlotReleased() throws SQLException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return;
                    }
                }
            }
            Thread.sleep(50); // polling pg_replication_slots
        }
    }

    /** Holds the writers between their transactions until {@link #resumeWriters()}. */
    void pauseWriters() throws InterruptedException {
        writing.pause();
        if (!writing.awaitHeld(writers.size(), 60_000)) {
            throw new AssertionError("the harness: the writers did not pause within 60 s");
        }
        log.line("writers paused");
    }

    void resumeWriters() {
        writing.resume();
        log.line("writers resumed");
    }

    /** Waits until the slot has confirmed everything written so far (the writers paused); fails after 120 s. */
    void awaitCaughtUp() throws SQLException, InterruptedException {
        String target = insertLsn();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!confirmed(target)) {
            requireAlive("while catching up with " + target);
            if (System.nanoTime() > end) {
                throw new AssertionError("the harness: the slot did not confirm " + target + " within 120 s; PostgreSQL: " + activity());
            }
            Thread.sleep(50); // polling the slot
        }
        log.line(current + " caught up with " + target);
    }

    /** SIGKILL of the current process at a moment the test chose (not at a hook). */
    void kill(String when) {
        PipelineProcess p = current;
        requireAlive("before it could be killed " + when);
        killed.add(p.number());
        p.kill();
        String line = "SIGKILL " + p + " " + when;
        kills.add(line);
        log.line(line);
    }

    void stopWriters() throws InterruptedException {
        writing.stop();
        for (Thread t : writers) {
            t.join(120_000);
        }
    }

    /**
     * The end: the writers stopped, the slot caught up with {@code pg_current_wal_insert_lsn()}, then the rows, and the
     * Doris table's columns and types against PostgreSQL's (dropped columns too unless the pipeline drops them).
     * Returns what is wrong; empty when the run converged.
     */
    List<String> finish() throws SQLException, InterruptedException {
        stopWriters();
        emu.faults().clear();
        log.line("writers stopped: " + stats + "; failed statements by SQLSTATE: " + SchemaWriter.describe(writerErrors));
        expectations.forEach(Runnable::run);
        List<String> problems = new ArrayList<>(findings);
        String target = insertLsn();
        long start = System.nanoTime();
        boolean caughtUp = false;
        while (!caughtUp && current.alive() && System.nanoTime() - start < Duration.ofSeconds(120).toNanos()) {
            caughtUp = confirmed(target) && pendingCopyRanges() == 0;
            if (!caughtUp) {
                Thread.sleep(100); // polling the slot
            }
        }
        log.line(String.format("%s %s in %.1f s; PostgreSQL streamed %d transactions to the slot", caughtUp ? "caught up with" : "NOT caught up with",
                target, (System.nanoTime() - start) / 1e9, streamedTransactions()));
        processes.stream().filter(p -> !killed.contains(p.number()) && !p.alive())
                .forEach(p -> problems.add(p + " ended by itself: " + p.failure().orElse("exit code " + p.exitCode()) + " (" + p.log() + ")"));
        if (!caughtUp) {
            problems.add("the slot did not confirm " + target + " within 120 s");
        }
        try (Connection c = pg.open()) {
            List<String> pgColumns = pgColumns(c);
            List<String> modelled = EvolvingLayout.dorisOf(layout.all().stream().filter(x -> !x.dropped()).toList());
            if (!pgColumns.equals(modelled)) {
                problems.add("the harness: PostgreSQL's columns " + pgColumns + " are not those the test made " + modelled);
            }
            List<String> doris = emu.sql(DORIS_DB, "DESC " + DORIS_DB + "." + EvolvingLayout.TABLE).stream()
                    .map(r -> r.get("Field") + " " + r.get("Type")).toList();
            List<String> expected = layout.expectedDoris(dropColumns);
            log.line("Doris columns " + doris + (doris.equals(expected) ? " as expected" : ", expected " + expected));
            if (!doris.equals(expected)) {
                problems.add("the Doris table's columns " + doris + " are not " + expected + " (PostgreSQL's, "
                        + (dropColumns ? "dropped ones dropped)" : "dropped ones kept, policies.drop-columns: keep)"));
            }
            TableComparison rows = TableComparison.of(layout.tableDef(), c, emu, DORIS_DB);
            log.line(rows.describe(TableComparison.EXAMPLES));
            if (!rows.equal()) {
                problems.add(rows.describe(3));
            }
        }
        if (!current.alive()) {
            problems.add("the last pipeline process is not alive");
        }
        if (!problems.isEmpty() && !current.lastProblems(10).isEmpty()) {
            log.line("last pipeline process's warnings and errors (" + current.log() + "):\n    "
                    + current.lastProblems(10).stream().map(Supervisor::abbreviate).collect(Collectors.joining("\n    ")));
        }
        return problems;
    }

    /**
     * At the end, when the change of {@code k} reached Doris while its hook was armed: the statement must hold {@code expected}
     * ({@code what} names the change in the report).
     */
    void expectStatement(Kill k, String expected, String what) {
        expectations.add(() -> {
            String got = k.statement;
            if (got != null && !got.contains(expected)) {
                findings.add(what + " reached Doris as '" + got + "', not as " + expected);
            }
        });
    }

    /** Something wrong seen during the run (not a harness failure): reported by {@link #finish()}. */
    void finding(String what) {
        findings.add(what);
        log.line("FOUND: " + what);
    }

    /** The kills as they landed. */
    List<String> kills() {
        return List.copyOf(kills);
    }

    /** {@code name TYPE} of PostgreSQL's columns of the table, mapped to Doris as {@link EvolvingLayout.Col#dorisType()} does. */
    private static List<String> pgColumns(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = '" + EvolvingLayout.TABLE + "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                String type = rs.getString(2).replace("character varying", "varchar").replace("bigint", "int8").replace("integer", "int4");
                out.add(rs.getString(1) + " " + new EvolvingLayout.Col(rs.getString(1), type, false, false).dorisType());
            }
        }
        return out;
    }

    /** {@code pg_current_wal_insert_lsn()}: with synchronous_commit off the flushed position can lag a commit. */
    private String insertLsn() throws SQLException {
        try (Connection c = pg.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private boolean confirmed(String lsn) throws SQLException {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, lsn);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Copy ranges not yet committed in Doris (a change that needs the table copied again plans some); 0 before any plan. */
    private long pendingCopyRanges() {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND done_at IS NULL")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopWriters();
            ddl.close();
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
                ps.execute(); // the slot holds WAL; the other tests need none of it
            }
        } finally {
            emu.close();
        }
    }
}
