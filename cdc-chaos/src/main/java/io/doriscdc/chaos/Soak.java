package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PgServer;
import io.doriscdc.testsupport.PgServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The soak command: a long chaos run against PostgreSQL (embedded zonky binaries, or
 * {@code CDC_TEST_PG_URL}) and the Doris emulator, with periodic intermediate checks and a final
 * comparison. Prints the figures at the end; exit code 0 when EQUAL and passed, 1 when not, 2 on bad
 * arguments. See docs/chaos.md.
 *
 * <pre>
 * cdc-chaos/soak --duration 30m --seed 42
 * ./mvnw -B -q -pl cdc-chaos exec:java -Dexec.args="--duration 30m --seed 42"
 * </pre>
 */
public final class Soak {

    private static final String USAGE = """
            usage: soak [--duration 30m] [--seed N] [--writers 6] [--check-every 10m] [--pg-restart-every 5m]
                        [--kill-every 5s-40s] [--no-kills] [--no-doris-faults] [--reduced]
              --duration          how long the writers write (default 30m)
              --seed              the seed that drives every random choice (default: random, printed)
              --writers           concurrent PostgreSQL sessions (default 6)
              --check-every       pause, catch up and compare this often (default 10m; 0 = only at the end)
              --pg-restart-every  one PostgreSQL crash restart in each such period (default 5m; 0 = none)
              --kill-every        SIGKILL the pipeline at random gaps in this range (default 5s-40s)
              --no-kills, --no-doris-faults   leave out those faults
              --reduced           1 writer, short transactions, ordinary values (a check of the harness itself)
            """;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        ChaosSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        PgServer pg = PgServers.shared();
        String database = "chaos_soak_" + ProcessHandle.current().pid();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        ChaosReport report;
        try (DorisEmulator emu = DorisEmulator.builder().backends(2).start()) {
            report = ChaosRun.run(settings, pg, database, emu, System.out);
        } finally {
            dropSlot(pg, database);
        }
        System.out.println();
        System.out.println(report.summary());
        System.out.flush();
        System.exit(report.passed() ? 0 : 1);
    }

    static ChaosSettings parse(String[] args) {
        Long seed = null;
        Duration duration = Duration.ofMinutes(30);
        ChaosSettings.Builder b = null;
        Integer writers = null;
        Duration checkEvery = null;
        Duration pgEvery = null;
        Duration[] killGap = null;
        boolean kills = true;
        boolean faults = true;
        boolean reduced = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--duration" -> duration = Durations.parse(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--writers" -> writers = Integer.parseInt(value(args, ++i, a));
                case "--check-every" -> checkEvery = Durations.parse(value(args, ++i, a));
                case "--pg-restart-every" -> pgEvery = Durations.parse(value(args, ++i, a));
                case "--kill-every" -> {
                    String[] range = value(args, ++i, a).split("-");
                    killGap = new Duration[] {Durations.parse(range[0]), Durations.parse(range[range.length - 1])};
                }
                case "--no-kills" -> kills = false;
                case "--no-doris-faults" -> faults = false;
                case "--reduced" -> reduced = true;
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        long s = seed == null ? Seeds.fresh() : seed;
        ChaosSettings base = ChaosSettings.soak(s, duration);
        b = reduced ? base.reduced() : base.toBuilder();
        if (writers != null) {
            b.writers(writers);
        }
        if (checkEvery != null) {
            b.checkEvery(checkEvery);
        }
        if (pgEvery != null) {
            b.pgRestartEvery(pgEvery);
        }
        if (killGap != null) {
            b.killGap(killGap[0], killGap[1]);
        }
        return b.kills(kills).dorisFaults(faults).build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void dropSlot(PgServer pg, String database) {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + ChaosRun.SLOT
                    + "' AND database = '" + database + "' AND active_pid IS NOT NULL");
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + ChaosRun.SLOT
                    + "' AND database = '" + database + "' AND NOT active");
        } catch (SQLException e) {
            System.err.println("could not drop slot " + ChaosRun.SLOT + " of database " + database + ": " + e.getMessage()
                    + "; drop it yourself, it retains WAL");
        }
    }
}
