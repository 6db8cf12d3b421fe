package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PgServer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults of a run, each kind at seeded random moments: SIGKILL of the pipeline process, a Doris
 * fault armed in the emulator, and PostgreSQL crash restarts ({@code pg_ctl stop -m immediate}). Each
 * kind draws from its own seeded sequence, so a seed replays the same faults in the same order at
 * about the same moments. Runs on the caller's thread; not thread-safe.
 */
final class FaultDriver {

    private final ChaosSettings s;
    private final Supervisor supervisor;
    private final DorisEmulator emu;
    private final PgServer pg;
    private final RunLog log;
    private final Random killRandom;
    private final Random faultRandom;
    private final Random pgRandom;
    final AtomicInteger dorisFaults = new AtomicInteger();
    final AtomicInteger pgRestarts = new AtomicInteger();
    private boolean pgRestartSkipped;
    private long nextKill;
    private long nextFault;
    private long nextPgRestart;
    private long pgPeriodStart;

    private final Connector connector;

    FaultDriver(ChaosSettings s, Supervisor supervisor, DorisEmulator emu, PgServer pg, Connector connector, RunLog log) {
        this.connector = connector;
        this.s = s;
        this.supervisor = supervisor;
        this.emu = emu;
        this.pg = pg;
        this.log = log;
        this.killRandom = Seeds.random(s.seed(), "kills");
        this.faultRandom = Seeds.random(s.seed(), "doris-faults");
        this.pgRandom = Seeds.random(s.seed(), "pg-restarts");
    }

    boolean pgRestartSkipped() {
        return pgRestartSkipped;
    }

    /** Plans the first fault of each kind from now. */
    void begin(long nowMillis) {
        nextKill = s.kills() ? nowMillis + gap(killRandom, s.killGapMin(), s.killGapMax()) : Long.MAX_VALUE;
        nextFault = s.dorisFaults() ? nowMillis + gap(faultRandom, s.faultGapMin(), s.faultGapMax()) : Long.MAX_VALUE;
        pgPeriodStart = nowMillis;
        nextPgRestart = planPgRestart();
    }

    /** The time of the next fault (epoch millis), {@link Long#MAX_VALUE} when none is planned. */
    long next() {
        return Math.min(nextKill, Math.min(nextFault, nextPgRestart));
    }

    /** Moves every planned fault later by {@code millis} (after a pause for a check). */
    void postpone(long millis) {
        nextKill = later(nextKill, millis);
        nextFault = later(nextFault, millis);
        nextPgRestart = later(nextPgRestart, millis);
        pgPeriodStart += millis;
    }

    /** Performs the fault that is due. */
    void fire() {
        long due = next();
        if (due == nextKill) {
            PipelineProcess p = supervisor.kill();
            log.line(p == null ? "kill: no pipeline process is running" : "SIGKILL " + p + String.format(" after %.1f s", p.ageSeconds()));
            nextKill = due + gap(killRandom, s.killGapMin(), s.killGapMax());
        } else if (due == nextFault) {
            armDorisFault();
            nextFault = due + gap(faultRandom, s.faultGapMin(), s.faultGapMax());
        } else {
            restartPostgres();
            if (pgRestartSkipped) {
                nextPgRestart = Long.MAX_VALUE;
            } else {
                pgPeriodStart += s.pgRestartEvery().toMillis();
                nextPgRestart = planPgRestart();
            }
        }
    }

    /** One restart at a random moment in the middle half of each period. */
    private long planPgRestart() {
        if (s.pgRestartEvery().isZero()) {
            return Long.MAX_VALUE;
        }
        long period = s.pgRestartEvery().toMillis();
        return pgPeriodStart + period / 4 + (long) (pgRandom.nextDouble() * period / 2);
    }

    private void armDorisFault() {
        emu.faults().clear();
        dorisFaults.incrementAndGet();
        int n = 1 + faultRandom.nextInt(2);
        String what = switch (faultRandom.nextInt(8)) {
            case 0 -> {
                emu.faults().failNextLoads(n, "Fail", "[E-235]failed to init rowset builder. too many versions");
                yield "the next " + n + " loads fail with -235 too many versions";
            }
            case 1 -> {
                emu.faults().failNextLoads(1, "Fail", "[MEM_LIMIT_EXCEEDED]PreCatch error code:11, memory limit exceeded");
                yield "the next load fails with MEM_LIMIT_EXCEEDED";
            }
            case 2 -> {
                emu.faults().resetAfterCommit(1);
                yield "the next load commits, then its connection is reset";
            }
            case 3 -> {
                emu.faults().publishTimeoutNext(n);
                yield "the next " + n + " loads answer Publish Timeout";
            }
            case 4 -> {
                emu.faults().resetMidBody(1);
                yield "the next load's connection is reset mid-body";
            }
            case 5 -> {
                emu.faults().feServerError(n, 503);
                yield "the next " + n + " FE requests get HTTP 503";
            }
            case 6 -> {
                emu.faults().redirectToDeadBackend(1);
                yield "the next FE redirect points at a dead BE";
            }
            default -> {
                Duration d = Duration.ofMillis(100 + faultRandom.nextInt(500));
                emu.faults().delayResponses(d);
                yield "BE answers are delayed by " + d.toMillis() + " ms until the next fault";
            }
        };
        log.line("Doris fault: " + what);
    }

    private void restartPostgres() {
        Duration down = Duration.ofMillis(300 + pgRandom.nextInt(2_700));
        String before = confirmedFlush();
        supervisor.pgDown();
        log.line("PostgreSQL: pg_ctl stop -m immediate, down for " + down.toMillis() + " ms (the slot had confirmed " + before + ")");
        boolean restarted = false;
        try {
            restarted = pg.restartImmediately(down);
        } finally {
            supervisor.pgBack(restarted);
        }
        if (restarted) {
            pgRestarts.incrementAndGet();
            log.line("PostgreSQL: accepting connections again; after crash recovery the slot has confirmed " + confirmedFlush());
        } else {
            pgRestartSkipped = true;
            log.line("PostgreSQL restarts are skipped: the " + pg.source() + " server cannot be restarted from this JVM");
        }
    }

    private String confirmedFlush() {
        try (java.sql.Connection c = connector.open(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + ChaosRun.SLOT + "'")) {
            return rs.next() ? rs.getString(1) : "(no slot yet)";
        } catch (java.sql.SQLException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    private static long gap(Random r, Duration min, Duration max) {
        return min.toMillis() + (long) (r.nextDouble() * (max.toMillis() - min.toMillis()));
    }

    private static long later(long t, long millis) {
        return t == Long.MAX_VALUE ? t : t + millis;
    }
}
