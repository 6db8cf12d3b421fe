package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The build's chaos run (docs/chaos.md): four writers with overlapping, savepointed, streamed and
 * aborted transactions over every type family for about 100 s, while the pipeline process is
 * SIGKILLed every 5–13 s, the emulator injects Doris faults and PostgreSQL is crash-restarted once;
 * then every table must equal PostgreSQL's, row by row. {@code -Dchaos.seed=N} replays a run,
 * {@code -Dchaos.duration=60s} changes the load time, {@code -Dchaos.profile=reduced} runs the
 * harness check (1 writer, short transactions, ordinary values); {@code -Dchaos.writers=1},
 * {@code -Dchaos.truncates=false}, {@code -Dchaos.extremeValues=false}, {@code -Dchaos.kills=false}, ... switch single
 * features on or off to corner a bug.
 */
@PostgresTest
class ChaosIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @Test
    void afterKillsDorisFaultsAndAPostgresCrashEveryTableEqualsPostgres() throws Exception {
        ChaosSettings settings = settings();
        try (DorisEmulator emu = DorisEmulator.builder().backends(2).start()) {
            ChaosReport report = ChaosRun.run(settings, PG.server(), PG.databaseName(), emu, System.out);
            System.out.println(report.summary());
            assertThat(report.problems()).as(report.summary()).isEmpty();
            // everything else passed; a server this JVM cannot restart (CDC_TEST_PG_URL) leaves the crash part untested: say so
            assumeTrue(report.pgRestartsImpossible().isEmpty(), () -> "the rest of the run passed, but its PostgreSQL restart was NOT RUN: "
                    + report.pgRestartsImpossible().orElseThrow());
        }
    }

    private static ChaosSettings settings() {
        String seed = System.getProperty("chaos.seed", "");
        ChaosSettings.Builder b = ChaosSettings.builder(seed.isBlank() ? Seeds.fresh() : Long.parseLong(seed.trim()));
        String duration = System.getProperty("chaos.duration", "");
        if (!duration.isBlank()) {
            b.load(Durations.parse(duration));
        }
        ChaosSettings s = b.build();
        ChaosSettings.Builder p = switch (System.getProperty("chaos.profile", "ci").trim()) {
            case "", "ci" -> s.toBuilder();
            case "reduced" -> s.reduced();
            case "calm" -> s.reduced().kills(false).dorisFaults(false).pgRestartEvery(java.time.Duration.ZERO);
            default -> throw new IllegalArgumentException("-Dchaos.profile must be ci, reduced or calm, got " + System.getProperty("chaos.profile"));
        };
        // single switches on top of the profile, to corner a bug: -Dchaos.writers=1 -Dchaos.truncates=false ...
        integer("chaos.writers").ifPresent(p::writers);
        flag("chaos.longTransactions").ifPresent(p::longTransactions);
        flag("chaos.truncates").ifPresent(p::truncates);
        flag("chaos.extremeValues").ifPresent(p::extremeValues);
        flag("chaos.streamedTransactions").ifPresent(p::streamedTransactions);
        flag("chaos.kills").ifPresent(p::kills);
        flag("chaos.dorisFaults").ifPresent(p::dorisFaults);
        String transports = System.getProperty("chaos.transports", "").trim(); // e.g. streamload/csv/2pc,grpc/json
        if (!transports.isEmpty()) {
            p.transports(java.util.Arrays.stream(transports.split(",")).map(ChildTransport::parse).toList());
        }
        flag("chaos.pgRestarts").filter(on -> !on).ifPresent(off -> p.pgRestartEvery(java.time.Duration.ZERO));
        return p.build();
    }

    private static java.util.Optional<Boolean> flag(String name) {
        String v = System.getProperty(name, "").trim();
        return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Boolean.parseBoolean(v));
    }

    private static java.util.Optional<Integer> integer(String name) {
        String v = System.getProperty(name, "").trim();
        return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(v));
    }
}
