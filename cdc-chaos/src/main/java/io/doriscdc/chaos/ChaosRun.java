package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PgServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One chaos run: creates the tables in an empty PostgreSQL database and in the emulator, loads seed
 * rows, starts a supervised pipeline process and the writers, fires the faults while they write, then
 * stops the writers, clears the faults, waits for the pipeline to catch up and compares every table.
 * With {@link ChaosSettings#checkEvery()} it also pauses for intermediate checks. Not thread-safe;
 * one run at a time per database.
 */
public final class ChaosRun {

    static final String SLOT = "chaos";

    private final ChaosSettings s;
    private final PgServer pg;
    private final String database;
    private final DorisEmulator emu;
    private final RunLog log;
    private final Connector connector;

    private ChaosRun(ChaosSettings s, PgServer pg, String database, DorisEmulator emu, PrintStream out) {
        this.s = s;
        this.pg = pg;
        this.database = database;
        this.emu = emu;
        this.log = new RunLog(out);
        this.connector = () -> pg.connect(database);
    }

    /** Runs the chaos in {@code database} (empty, created by the caller) of {@code pg}, into {@code emu}; progress goes to {@code out}. */
    public static ChaosReport run(ChaosSettings settings, PgServer pg, String database, DorisEmulator emu, PrintStream out)
            throws SQLException, InterruptedException {
        return new ChaosRun(settings, pg, database, emu, out).run();
    }

    private ChaosReport run() throws SQLException, InterruptedException {
        log.line("chaos run with seed " + s.seed() + " (replay it with -Dchaos.seed=" + s.seed() + " or --seed " + s.seed() + ")");
        log.line("settings: " + s);
        log.line("PostgreSQL " + pg.majorVersion() + " (" + pg.source() + ") database " + database + ", Doris emulator FE port " + emu.feHttpPort());
        try (Connection c = connector.open()) {
            ChaosSchema.create(c, database, emu);
            SeedData.load(c, s);
        }
        Path logDir = s.logDir().resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-seed-" + s.seed());
        log.line("pipeline logs in " + logDir.toAbsolutePath());
        FaultSchedule schedule = FaultSchedule.plan(s);
        log.line("schedule: " + String.join("\n    ", schedule.describe()));
        WorkloadStats stats = new WorkloadStats();
        Gate gate = new Gate();
        List<Verification> checks = new ArrayList<>();
        double loadSeconds;
        TransportRotation transports = TransportRotation.of(s);
        log.line("transports, one per pipeline process in turn: " + transports.order());
        try (Gateway gateway = Gateway.startIf(transports.needsGateway(), emu, log);
             Supervisor supervisor = new Supervisor(kills -> childArgs(transports.afterKills(kills), gateway), ChildClasspath.current(), logDir,
                     connector, SLOT, log)) {
            supervisor.start();
            // The writers start once the slot exists (the initial copy still runs under their load): a transaction
            // that TRUNCATEs while PostgreSQL builds the slot's snapshot can leave the slot unable to decode later
            // changes ("could not map filenumber ... to relation OID"), which no pipeline can get past.
            if (!supervisor.awaitRunning(120_000)) {
                log.line("the first pipeline process has not started within 120 s; writing anyway");
            }
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < s.writers(); i++) {
                Thread t = new Thread(new Writer(i, s, connector, stats, gate), "chaos-writer-" + i);
                t.setDaemon(true);
                writers.add(t);
                t.start();
            }
            for (Runnable churn : PartitionChurn.sessions(s, connector, stats, gate)) {
                Thread t = new Thread(churn, "chaos-partitions-" + writers.size());
                t.setDaemon(true);
                writers.add(t);
                t.start();
            }
            FaultDriver faults = new FaultDriver(schedule, transports.order().stream().map(ChildTransport::toString).toList(), supervisor, emu, pg, connector, log);
            double loadStart = log.seconds();
            long pausedMillis = drive(faults, supervisor, gate, stats, checks);
            gate.stop();
            for (Thread t : writers) {
                t.join(120_000);
            }
            emu.faults().clear();
            loadSeconds = log.seconds() - loadStart - pausedMillis / 1000.0;
            log.line("writers stopped, faults cleared: " + stats);
            if (!supervisor.awaitRunning(120_000)) {
                log.line("no pipeline process is running 120 s after the load; comparing anyway");
            }
            Verification last = Verification.run(connector, SLOT, emu, s.catchUpTimeout(), supervisor::unexpectedFailures);
            checks.add(last);
            log.line(last.describe());
            PipelineProcess p = supervisor.current();
            boolean alive = p != null && p.alive();
            String lastFailure = p == null ? "no process" : p.failure().orElse(null);
            FaultTally tally = faults.tally();
            Path scheduleFile = ScheduleFile.write(logDir, s, tally, stats.ddl);
            ChaosReport report = new ChaosReport(s, loadSeconds, log.seconds(), tally, supervisor.processesStarted(),
                    supervisor.failures(), stats.toString(), stats.committed.sum(), stats.rowsChanged.sum(), decoding(),
                    List.copyOf(checks), alive, lastFailure,
                    stats.failures.problems(stats.committed.sum() + stats.rolledBack.sum() + stats.failures.total(), s.writers() + PartitionChurn.SESSIONS, tally.pgRestarts()),
                    stats.ddl.counts(), scheduleFile);
            if (!last.caughtUp() && p != null && p.alive()) {
                log.line("the pipeline did not catch up: its threads are in " + p.threadDump());
            }
            if (!report.passed() && p != null && !p.lastProblems(15).isEmpty()) {
                log.line("last pipeline process's warnings and errors (" + p.log() + "):\n    "
                        + p.lastProblems(15).stream().map(Supervisor::abbreviate).collect(Collectors.joining("\n    ")));
            }
            return report;
        }
    }

    /** Fires faults until the load time is over, pausing for the intermediate checks; returns the time spent paused. */
    private long drive(FaultDriver faults, Supervisor supervisor, Gate gate, WorkloadStats stats, List<Verification> checks)
            throws SQLException, InterruptedException {
        long now = System.currentTimeMillis();
        long end = now + s.load().toMillis();
        long nextCheck = s.checkEvery().isZero() ? Long.MAX_VALUE : now + s.checkEvery().toMillis();
        long paused = 0;
        faults.begin(now);
        Gate clock = new Gate();
        while (true) {
            long due = Math.min(faults.next(), Math.min(nextCheck, end));
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                clock.idle(wait); // waits for the next fault's random moment, not a synchronisation
            }
            if (due == end) {
                return paused;
            }
            if (due == nextCheck) {
                long t0 = System.currentTimeMillis();
                checks.add(intermediateCheck(supervisor, gate, stats, checks.size() + 1));
                long took = System.currentTimeMillis() - t0;
                paused += took;
                end += took;
                faults.postpone(took);
                nextCheck = System.currentTimeMillis() + s.checkEvery().toMillis();
            } else {
                faults.fire();
            }
        }
    }

    private Verification intermediateCheck(Supervisor supervisor, Gate gate, WorkloadStats stats, int number)
            throws SQLException, InterruptedException {
        log.line("check " + number + ": pausing the writers");
        gate.pause();
        try {
            if (!gate.awaitHeld(s.writers() + PartitionChurn.SESSIONS, 120_000)) { // and the two sessions of PartitionChurn
                log.line("check " + number + ": not every writer paused within 120 s; checking anyway");
            }
            emu.faults().clear();
            supervisor.awaitRunning(120_000);
            log.line("check " + number + ": " + stats);
            Verification v = Verification.run(connector, SLOT, emu, s.catchUpTimeout(), supervisor::unexpectedFailures);
            log.line("check " + number + ": " + v.describe());
            return v;
        } finally {
            gate.resume();
        }
    }

    private List<String> childArgs(ChildTransport transport, Gateway gateway) {
        String tables = ChaosSchema.TABLES.stream().map(TableDef::name).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("url=" + pg.jdbcUrl(database), "user=" + pg.user(), "password=" + pg.password(),
                "slot=" + SLOT, "fe=127.0.0.1:" + emu.feHttpPort(), "db=" + ChaosSchema.DORIS_DB, "tables=" + tables, "truncate=PROPAGATE"));
        args.addAll(transport.args());
        if (transport.grpc()) {
            args.add("targets=" + gateway.target());
        }
        return args;
    }

    /** Streaming counters of the slot (PostgreSQL 14+; they restart at zero after a crash restart). */
    private String decoding() {
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT stream_txns, stream_bytes, spill_txns, total_txns FROM pg_stat_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1) + " transactions streamed (" + rs.getLong(2) / 1024 + " KiB), " + rs.getLong(3) + " spilled, "
                            + rs.getLong(4) + " decoded, since the last PostgreSQL restart (pg_stat_replication_slots)";
                }
                return "no statistics for slot " + SLOT;
            }
        } catch (SQLException e) {
            return "no statistics: " + e.getMessage();
        }
    }
}
