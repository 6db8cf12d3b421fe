package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two and three instances of one pipeline, each a process of its own with the documented lease
 * settings (1 s interval, 5 s timeout), under concurrent writers (overlapping, streamed and aborted
 * transactions, TRUNCATEs). The active instance is SIGKILLed again and again, and every third
 * time frozen instead (SIGSTOP: its connections stay open, as a host that stops answering; PostgreSQL
 * sees no FIN) and thawed once a standby took over, when it must stand by rather than stream. A
 * killed instance is replaced by a new standby. Each takeover is timed from the signal to the moment
 * a new walsender holds the slot, and the times are printed; at the end every table must equal
 * PostgreSQL's, row by row.
 *
 * <p>{@code -Dha.takeovers=12} makes a measuring run (the build does 4 per test); {@code -Dchaos.seed=N} replays the
 * writers' choices.
 */
class HighAvailabilityChaosIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @Test
    void twoInstancesTakeOverFromEachOtherUnderKillsAndFreezesAndEveryTableEqualsPostgres() throws Exception {
        run(2);
    }

    @Test
    void threeInstancesTakeOverFromEachOtherUnderKillsAndFreezesAndEveryTableEqualsPostgres() throws Exception {
        run(3);
    }

    private static String SLOT;

    private void run(int instances) throws Exception {
        SLOT = "chaos_ha" + instances; // slots are the server's, not a database's: one per run
        int takeovers = Integer.getInteger("ha.takeovers", 4);
        String seedProperty = System.getProperty("chaos.seed", "").trim();
        long seed = seedProperty.isEmpty() ? Seeds.fresh() : Long.parseLong(seedProperty);
        ChaosSettings s = ChaosSettings.builder(seed).writers(2).kills(false).dorisFaults(false).pgRestartEvery(Duration.ZERO).build();
        RunLog log = new RunLog(System.out);
        String db = PG.createDatabase("ha_" + instances);
        Connector connector = () -> PG.server().connect(db);
        Path logDir = s.logDir().resolve("ha-" + instances + "-seed-" + seed);
        log.line(instances + " instances, " + takeovers + " takeovers, seed " + seed + " (replay with -Dchaos.seed=" + seed + "); logs in "
                + logDir.toAbsolutePath());
        try (DorisEmulator emu = DorisEmulator.builder().backends(1).start()) {
            try (Connection c = connector.open()) {
                ChaosSchema.create(c, db, emu);
                SeedData.load(c, s);
            }
            List<String> args = childArgs(db, emu);
            Fleet fleet = new Fleet(args, logDir, log);
            try {
                for (int i = 0; i < instances; i++) {
                    fleet.launch();
                }
                PipelineProcess first = fleet.awaitStreaming(null, 120_000);
                assertThat(first).as("no instance streams 120 s after the start").isNotNull();
                log.line(first + " streams; the others stand by: " + fleet.states());
                WorkloadStats stats = new WorkloadStats();
                Gate gate = new Gate();
                List<Thread> writers = new ArrayList<>();
                for (int i = 0; i < s.writers(); i++) {
                    Thread t = new Thread(new Writer(i, s, connector, stats, gate), "ha-writer-" + i);
                    t.setDaemon(true);
                    writers.add(t);
                    t.start();
                }
                List<Double> times = new ArrayList<>();
                List<String> rejoined = new ArrayList<>();
                Random r = Seeds.random(seed, "ha-faults");
                Gate clock = new Gate();
                for (int round = 0; round < takeovers; round++) {
                    clock.idle(1_500 + r.nextInt(3_000)); // a random moment to strike at, not a synchronisation
                    PipelineProcess active = fleet.awaitStreaming(null, 120_000);
                    assertThat(active).as("no instance streams before takeover %d: %s", round + 1, fleet.states()).isNotNull();
                    int walsender = slotHolder(connector);
                    boolean freeze = round % 3 == 2;
                    long t0 = System.nanoTime();
                    if (freeze) {
                        active.freeze();
                    } else {
                        active.kill();
                    }
                    int next = awaitNewHolder(connector, walsender, 120_000);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    assertThat(next).as("no walsender took slot %s over within 120 s of %s %s", SLOT, freeze ? "freezing" : "killing",
                            active).isPositive();
                    times.add(seconds);
                    PipelineProcess successor = fleet.awaitStreaming(active, 60_000);
                    log.line(String.format(Locale.ROOT, "takeover %d: %s %s, walsender %d -> %d after %.2f s; %s streams",
                            round + 1, freeze ? "froze" : "killed", active, walsender, next, seconds, successor));
                    if (freeze) {
                        active.thaw();
                        boolean standsBy = fleet.awaitState(active, "STANDBY idle", 60_000);
                        log.line(active + " thawed: " + active.instance() + (standsBy ? "" : " (did NOT stand by)"));
                        rejoined.add(active + (standsBy ? " stood by" : " did not stand by: " + active.instance()));
                    } else {
                        fleet.replace(active);
                    }
                }
                gate.stop();
                for (Thread t : writers) {
                    t.join(120_000);
                }
                log.line("writers stopped: " + stats);
                Verification v = Verification.run(connector, SLOT, emu, Duration.ofSeconds(120), fleet::unexpectedExits);
                log.line(v.describe());
                String summary = summary(instances, times);
                System.out.println(summary);
                assertThat(fleet.unexpectedExits()).as("instances that ended by themselves: %s", fleet.failures()).isZero();
                assertThat(rejoined).as("frozen and thawed instances").allMatch(x -> x.endsWith("stood by"));
                assertThat(v.caughtUp()).as(v.describe()).isTrue();
                assertThat(v.equal()).as(v.describe()).isTrue();
            } finally {
                fleet.close();
            }
        }
    }

    private static String summary(int instances, List<Double> times) {
        List<Double> sorted = times.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, "TAKEOVERS instances=%d n=%d min=%.2fs median=%.2fs max=%.2fs all=%s", instances, sorted.size(),
                sorted.get(0), median, sorted.get(sorted.size() - 1),
                times.stream().map(t -> String.format(Locale.ROOT, "%.2f", t)).collect(Collectors.joining(",")));
    }

    private static List<String> childArgs(String db, DorisEmulator emu) {
        String tables = ChaosSchema.TABLES.stream().map(TableDef::name).collect(Collectors.joining(","));
        return List.of("url=" + PG.server().jdbcUrl(db), "user=" + PG.user(), "password=" + PG.password(), "slot=" + SLOT,
                "fe=127.0.0.1:" + emu.feHttpPort(), "db=" + ChaosSchema.DORIS_DB, "tables=" + tables, "truncate=PROPAGATE",
                "lease-interval=1s", "lease-timeout=5s");
    }

    /** The PID of the walsender that holds the slot, 0 when none. */
    private static int slotHolder(Connector connector) throws SQLException {
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(active_pid, 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Polls (every 20 ms, the measurement's resolution) until a walsender other than {@code old} holds the slot; its PID, or 0. */
    private static int awaitNewHolder(Connector connector, int old, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(active_pid, 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            while (System.currentTimeMillis() < end) {
                try (ResultSet rs = ps.executeQuery()) {
                    int pid = rs.next() ? rs.getInt(1) : 0;
                    if (pid != 0 && pid != old) {
                        return pid;
                    }
                }
                Thread.sleep(20); // the measurement's resolution
            }
        }
        return 0;
    }

    /** The pipeline processes of one run: started, replaced, and told apart from those that ended by themselves. Not thread-safe. */
    private static final class Fleet implements AutoCloseable {
        private final List<String> args;
        private final Path logDir;
        private final RunLog log;
        private final List<PipelineProcess> live = new ArrayList<>();
        private final List<PipelineProcess> killed = new ArrayList<>();
        private final List<PipelineProcess> all = new ArrayList<>();
        private int started;

        Fleet(List<String> args, Path logDir, RunLog log) {
            this.args = args;
            this.logDir = logDir;
            this.log = log;
        }

        void launch() {
            int n = ++started;
            List<String> a = new ArrayList<>(args);
            a.add("instance=ha-" + n);
            PipelineProcess p = PipelineProcess.start(n, a, ChildClasspath.current(), logDir);
            live.add(p);
            all.add(p);
            log.line("started " + p);
        }

        void replace(PipelineProcess dead) {
            live.remove(dead);
            killed.add(dead);
            launch();
        }

        /** The one live process that says it streams (other than {@code not}), waiting up to {@code millis}; null if none. */
        PipelineProcess awaitStreaming(PipelineProcess not, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                if (live.stream().noneMatch(PipelineProcess::alive)) {
                    return null; // every instance ended: nothing will stream
                }
                List<PipelineProcess> streaming = live.stream().filter(p -> p != not && p.alive() && p.instance().equals("ACTIVE streaming")).toList();
                if (streaming.size() == 1) {
                    return streaming.get(0);
                }
                Thread.sleep(20); // polling the children's output
            }
            return null;
        }

        boolean awaitState(PipelineProcess p, String state, long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                if (p.instance().equals(state)) {
                    return true;
                }
                Thread.sleep(50); // polling the child's output
            }
            return false;
        }

        String states() {
            return live.stream().map(p -> p + " " + p.instance()).collect(Collectors.joining("; "));
        }

        int unexpectedExits() {
            return (int) all.stream().filter(p -> !killed.contains(p) && !p.alive()).count();
        }

        String failures() {
            return all.stream().filter(p -> !killed.contains(p) && !p.alive())
                    .map(p -> p + ": " + p.failure().orElse("exit " + p.exitCode()) + " " + p.lastProblems(5)).collect(Collectors.joining("; "));
        }

        @Override
        public void close() {
            for (PipelineProcess p : live) {
                if (p.alive()) {
                    p.thaw();
                    p.kill();
                }
            }
        }
    }
}
