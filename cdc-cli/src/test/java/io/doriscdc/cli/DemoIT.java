package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code doris-cdc demo} run as a process from the built jar, exactly as the README tells a newcomer. */
class DemoIT {

    @Test
    void theDemoCopiesStreamsAndEndsWithEqualTablesAndExitCodeZero() {
        try (CliProcess demo = CliProcess.start("demo", "--duration", "8s", "--plain")) {
            int code = demo.await(Duration.ofMinutes(4));
            String out = demo.stdout();
            assertThat(code).as("exit code; stdout:\n%s\nstderr:\n%s", out, demo.stderr()).isZero();
            assertThat(out).contains("source: embedded PostgreSQL")
                    .contains("target: the Doris emulator")
                    .contains("initial copy done: 20,000 rows")
                    .contains("[stream ")
                    .contains("caught up:")
                    .containsPattern("doris_cdc_demo\\.customers +[0-9,]+ +([0-9a-f]{16}) +[0-9,]+ +\\1 +EQUAL")
                    .containsPattern("doris_cdc_demo\\.orders +[0-9,]+ +([0-9a-f]{16}) +[0-9,]+ +\\1 +EQUAL")
                    .containsPattern("doris_cdc_demo\\.order_lines +[0-9,]+ +([0-9a-f]{16}) +[0-9,]+ +\\1 +EQUAL")
                    .contains("RESULT: EQUAL");
            assertThat(out).doesNotContain("DIFFERENT");
        }
    }
}
