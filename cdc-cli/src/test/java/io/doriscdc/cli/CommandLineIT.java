package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help on every command, exit codes, configuration errors. */
class CommandLineIT {

    @Test
    void everyCommandHasHelpAndExitsZero() {
        for (String cmd : new String[] {"run", "demo", "status", "sync", "gateway", "validate"}) {
            try (CliProcess p = CliProcess.start(cmd, "--help")) {
                assertThat(p.await(Duration.ofSeconds(60))).as(cmd).isZero();
                assertThat(p.stdout()).as(cmd).contains("Usage: doris-cdc " + cmd);
            }
        }
    }

    @Test
    void aMissingOptionIsAUsageErrorWithExitCodeTwo() {
        try (CliProcess p = CliProcess.start("status")) {
            assertThat(p.await(Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
            assertThat(p.stderr()).contains("Missing required option: '--config=FILE'");
        }
    }

    @Test
    void aBadConfigurationFileIsRefusedWithTheFileLineAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                postgres:
                  url: jdbc:postgresql://localhost:5432/db
                  pasword: x
                tables:
                  - source: public.t
                    target: db.t
                """);
        try (CliProcess p = CliProcess.start("run", "--config", file.toString())) {
            assertThat(p.await(Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
            assertThat(p.stderr()).contains("error: " + file + ":3: postgres.pasword: unknown key; known keys here: [url, user, password, properties]");
        }
    }

    @Test
    void validateResolvesSecretsButNeverPrintsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                postgres:
                  url: jdbc:postgresql://localhost:5432/db
                  password: ${env:IT_PG_SECRET}
                transport:
                  settings:
                    fe: localhost:8030
                    password: ${env:IT_DORIS_SECRET}
                tables:
                  - source: public.t
                    target: db.t
                """);
        try (CliProcess p = CliProcess.start(Map.of("IT_PG_SECRET", "s3cr3t-pg", "IT_DORIS_SECRET", "s3cr3t-doris"), "validate", "--config", file.toString())) {
            assertThat(p.await(Duration.ofSeconds(60))).isZero();
            assertThat(p.stdout()).startsWith("valid: ").contains("public.t -> db.t");
            assertThat(p.stdout() + p.stderr()).doesNotContain("s3cr3t");
        }
        try (CliProcess p = CliProcess.start(Map.of("IT_PG_SECRET", "x"), "validate", "--config", file.toString())) {
            assertThat(p.await(Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
            assertThat(p.stderr()).contains(file + ":7: transport.settings.password: environment variable 'IT_DORIS_SECRET' is not set");
        }
    }

    @Test
    void aPipelineThatCannotReachPostgresExitsWithThree(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unreachable.yaml");
        Files.writeString(file, """
                postgres:
                  url: jdbc:postgresql://127.0.0.1:1/db?connectTimeout=2
                transport:
                  settings:
                    fe: 127.0.0.1:1
                tables:
                  - source: public.t
                    target: db.t
                """);
        try (CliProcess p = CliProcess.start("run", "--config", file.toString())) {
            assertThat(p.await(Duration.ofSeconds(60))).isEqualTo(ExitCodes.FAILED);
            assertThat(p.stderr()).contains("failed:");
        }
    }
}
