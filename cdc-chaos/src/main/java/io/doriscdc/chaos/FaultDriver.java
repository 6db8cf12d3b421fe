package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PgServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fires a run's {@link FaultSchedule} in order: SIGKILL of the pipeline process, Doris faults armed
 * in the emulator, PostgreSQL crash restarts ({@code pg_ctl stop -m immediate}). A kill waits until
 * the pipeline process streams (it printed {@code PROGRESS}: its acknowledged position moved), up to
 * {@link #STREAMING_WAIT}, so that each planned kill strikes a streaming pipeline, and the
 * {@link FaultTally} says how many did. Runs on the caller's thread; not thread-safe.
 */
final class FaultDriver {

    static final Duration STREAMING_WAIT = Duration.ofSeconds(90);

    private final FaultSchedule schedule;
    private final Supervisor supervisor;
    private final DorisEmulator emu;
    private final PgServer pg;
    private final Connector connector;
    private final RunLog log;
    private final List<String> asRun = new ArrayList<>();
    private int index;
    private long base;
    private int kills;
    private int streamingKills;
    private int dorisFaults;
    private int pgRestarts;
    private String pgRestartsImpossible;
    private final List<String> transports;
    private final java.util.Map<String, Integer> streamingKillsByTransport = new java.util.TreeMap<>();

    /** {@code transports}: those the run claims to kill ({@code scheme/format[/2pc]}). */
    FaultDriver(FaultSchedule schedule, List<String> transports, Supervisor supervisor, DorisEmulator emu, PgServer pg, Connector connector,
                RunLog log) {
        this.transports = List.copyOf(transports);
        this.schedule = schedule;
        this.supervisor = supervisor;
        this.emu = emu;
        this.pg = pg;
        this.connector = connector;
        this.log = log;
    }

    /** The load begins now: the schedule's times count from here. */
    void begin(long nowMillis) {
        base = nowMillis;
    }

    /** The time of the next fault (epoch millis), {@link Long#MAX_VALUE} when none is left. */
    long next() {
        return index < schedule.faults().size() ? base + schedule.faults().get(index).atMillis() : Long.MAX_VALUE;
    }

    /** Moves every fault not yet fired later by {@code millis} (after a pause for a check). */
    void postpone(long millis) {
        base += millis;
    }

    /** Performs the fault that is due. */
    void fire() throws InterruptedException {
        PlannedFault f = schedule.faults().get(index++);
        String outcome;
        if (f instanceof PlannedFault.Kill) {
            outcome = kill();
        } else if (f instanceof PlannedFault.DorisFault d) {
            d.kind().arm(emu, d.count(), d.delayMillis());
            dorisFaults++;
            outcome = "armed";
            log.line("Doris fault: " + d.kind().describe(d.count(), d.delayMillis()));
        } else {
            outcome = restartPostgres((PlannedFault.PgRestart) f);
        }
        asRun.add(f.describe() + "  ->  at " + String.format("%.1fs", (System.currentTimeMillis() - base) / 1000.0) + ": " + outcome);
    }

    FaultTally tally() {
        return new FaultTally(schedule.count(PlannedFault.Kill.class), kills, streamingKills, schedule.count(PlannedFault.DorisFault.class),
                dorisFaults, schedule.count(PlannedFault.PgRestart.class), pgRestarts, Optional.ofNullable(pgRestartsImpossible),
                transports, streamingKillsByTransport, List.copyOf(asRun));
    }

    private String kill() throws InterruptedException {
        long deadline = System.currentTimeMillis() + STREAMING_WAIT.toMillis();
        while (true) {
            PipelineProcess p = supervisor.awaitStreaming(Math.max(0, deadline - System.currentTimeMillis()));
            if (p == null) {
                PipelineProcess any = supervisor.kill();
                if (any != null) {
                    kills++;
                }
                String what = "no pipeline process streamed within " + STREAMING_WAIT.toSeconds() + " s; "
                        + (any == null ? "none was running" : "killed " + any + " anyway");
                log.line("SIGKILL: " + what);
                return "NOT A STREAMING PIPELINE: " + what;
            }
            if (supervisor.kill(p)) {
                kills++;
                streamingKills++;
                streamingKillsByTransport.merge(p.transport(), 1, Integer::sum);
                log.line("SIGKILL " + p + String.format(" after %.1f s, streaming", p.ageSeconds()));
                return "killed " + p + String.format(" after %.1f s, streaming", p.ageSeconds());
            }
            // it ended by itself in between: await the next one
        }
    }

    private String restartPostgres(PlannedFault.PgRestart planned) {
        if (pgRestartsImpossible != null) {
            return "not run: " + pgRestartsImpossible;
        }
        String before = confirmedFlush();
        supervisor.pgDown();
        log.line("PostgreSQL: pg_ctl stop -m immediate, down for " + planned.downMillis() + " ms (the slot had confirmed " + before + ")");
        boolean restarted = false;
        try {
            restarted = pg.restartImmediately(Duration.ofMillis(planned.downMillis()));
        } finally {
            supervisor.pgBack(restarted);
        }
        if (!restarted) {
            pgRestartsImpossible = "the " + pg.source() + " server cannot be restarted from this JVM (a server from CDC_TEST_PG_URL "
                    + "or Testcontainers); use the embedded PostgreSQL (unset CDC_TEST_PG_URL) to run them";
            log.line("PostgreSQL restarts are NOT RUN: " + pgRestartsImpossible);
            return "not run: " + pgRestartsImpossible;
        }
        pgRestarts++;
        String after = confirmedFlush();
        log.line("PostgreSQL: accepting connections again; after crash recovery the slot has confirmed " + after);
        return "restarted (the slot had confirmed " + before + ", " + after + " after recovery)";
    }

    private String confirmedFlush() {
        try (java.sql.Connection c = connector.open(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + ChaosRun.SLOT + "'")) {
            return rs.next() ? rs.getString(1) : "(no slot yet)";
        } catch (java.sql.SQLException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
