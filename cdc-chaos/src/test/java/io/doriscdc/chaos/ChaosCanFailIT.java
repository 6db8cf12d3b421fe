package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos suite can fail: a short {@link ChaosRun} whose pipeline processes acknowledge every batch before Doris
 * commits it ({@link AckBeforeCommitTransportProvider}), SIGKILLed every few seconds, must end with tables that
 * differ — if it ended EQUAL, ChaosIT's EQUAL would prove nothing about exactly-once.
 */
@PostgresTest
class ChaosCanFailIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @Test
    void aPipelineThatAcknowledgesBeforeDorisCommitsEndsDifferent() throws Exception {
        String seed = System.getProperty("chaos.seed", "");
        ChaosSettings settings = ChaosSettings.builder(seed.isBlank() ? 23 : Long.parseLong(seed.trim()))
                .load(Duration.ofSeconds(20)).writers(2).killGap(Duration.ofSeconds(3), Duration.ofSeconds(5))
                .dorisFaults(false).pgRestartEvery(Duration.ZERO).catchUpTimeout(Duration.ofSeconds(60))
                .transports(List.of(new ChildTransport(AckBeforeCommitTransportProvider.SCHEME, "json", false)))
                .build();
        try (DorisEmulator emu = DorisEmulator.builder().backends(2).start()) {
            ChaosReport report = ChaosRun.run(settings, PG.server(), PG.databaseName(), emu, System.out);
            System.out.println(report.summary());
            assertThat(report.kills()).as("the sabotaged pipeline was killed while streaming").isGreaterThanOrEqualTo(3);
            assertThat(report.result()).as("a pipeline that acknowledges before Doris commits must leave Doris different from "
                    + "PostgreSQL after SIGKILLs; the comparison found no difference:\n" + report.summary()).isEqualTo("DIFFERENT");
        }
    }
}
