package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.cli.verify.DorisReader;
import io.doriscdc.cli.verify.TableComparison;
import io.doriscdc.cli.verify.Verifier;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.testsupport.PostgresExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code doris-cdc run} processes of one configuration file: one streams and is ready, the other
 * stands by (live, not ready, STANDBY in the metrics and in {@code doris-cdc status}) and takes over
 * when the first is stopped with SIGTERM; and a stop that cannot finish ends the process at
 * {@code --stop-timeout}.
 */
class RunHighAvailabilityIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static DorisEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = DorisEmulator.builder().backends(1).start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Path config(Path dir, String slot, String table) throws Exception {
        Path file = dir.resolve(slot + ".yaml");
        Files.writeString(file, """
                postgres:
                  url: %s
                  user: %s
                  password: ${env:IT_PG_PASSWORD}
                slot: %s
                transport:
                  scheme: streamload
                  create-tables: true
                  settings:
                    fe: 127.0.0.1:%d
                    user: root
                    password: ""
                tables:
                  - source: public.%s
                    target: it_db.%s
                batch:
                  max-age: 200ms
                replication:
                  status-interval: 1s
                ha:
                  lease-interval: 200ms
                  lease-timeout: 1s
                metrics:
                  host: 127.0.0.1
                  port: 0
                """.formatted(PG.jdbcUrl(), PG.user(), slot, emulator.feHttpPort(), table, table));
        return file;
    }

    @Test
    void twoRunsOfOneFileOneStreamsTheOtherStandsByAndTakesOverAfterSigterm(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE ha_items (id int PRIMARY KEY, v int)", "INSERT INTO ha_items SELECT g, 0 FROM generate_series(1, 1000) g");
        Path yaml = config(dir, "cli_ha_it", "ha_items");
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password());
        TableRoute route = TableRoute.of("public.ha_items", "it_db", "ha_items");
        try (CliProcess first = CliProcess.start(env, "run", "--config", yaml.toString(), "--status-every", "1s")) {
            int firstPort = first.metricsPort();
            await().atMost(Duration.ofSeconds(90)).until(() -> CliProcess.get(firstPort, "/health/ready").statusCode() == 200 || !first.isAlive());
            assertThat(first.isAlive()).as("first; stderr:\n%s", first.stderr()).isTrue();
            try (CliProcess second = CliProcess.start(env, "run", "--config", yaml.toString(), "--status-every", "1s")) {
                int secondPort = second.metricsPort();
                await().atMost(Duration.ofSeconds(60)).until(() -> CliProcess.get(secondPort, "/health/live").body().contains("STANDBY"));
                assertThat(CliProcess.get(secondPort, "/health/live").statusCode()).isEqualTo(200);
                HttpResponse<String> notReady = CliProcess.get(secondPort, "/health/ready");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).contains("\"status\":\"DOWN\"").contains("\"state\":\"STANDBY\"").contains("is active");
                assertThat(CliProcess.get(secondPort, "/metrics").body()).contains("doris_cdc_instance_state{state=\"STANDBY\"} 1.0")
                        .contains("doris_cdc_instance_streaming 0.0");
                assertThat(CliProcess.get(firstPort, "/metrics").body()).contains("doris_cdc_instance_state{state=\"ACTIVE\"} 1.0");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CliProcess.status(env, yaml)).contains("ACTIVE").contains("STANDBY"));

                PG.execute("UPDATE ha_items SET v = 1 WHERE id <= 500", "DELETE FROM ha_items WHERE id > 900");
                awaitEqual(route, second);
                first.terminate();
                assertThat(first.await(Duration.ofMinutes(2))).as("first's exit code after SIGTERM; stderr:\n%s", first.stderr()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> CliProcess.get(secondPort, "/health/ready").statusCode() == 200 || !second.isAlive());
                assertThat(CliProcess.get(secondPort, "/health/ready").body()).contains("\"state\":\"ACTIVE\"").contains("\"streaming\":true");
                PG.execute("INSERT INTO ha_items SELECT g, 2 FROM generate_series(2000, 2500) g", "UPDATE ha_items SET v = 3 WHERE id % 7 = 0");
                awaitEqual(route, second);
                second.terminate();
                assertThat(second.await(Duration.ofMinutes(2))).as("second's exit code; stderr:\n%s", second.stderr()).isZero();
            }
        }
    }

    @Test
    void aStopThatCannotFinishEndsTheProcessAtTheStopTimeout(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE ha_slow (id int PRIMARY KEY, v int)", "INSERT INTO ha_slow VALUES (1, 0)");
        Path yaml = config(dir, "cli_ha_slow", "ha_slow");
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password());
        try (CliProcess run = CliProcess.start(env, "run", "--config", yaml.toString(), "--stop-timeout", "2s")) {
            int port = run.metricsPort();
            await().atMost(Duration.ofSeconds(90)).until(() -> CliProcess.get(port, "/health/ready").statusCode() == 200 || !run.isAlive());
            // the initial copy done, so that the held-back answer below is the stream's load, not the copy's
            await().atMost(Duration.ofSeconds(90)).until(() -> CliProcess.get(port, "/metrics").body()
                    .contains("doris_cdc_table_state{state=\"STREAMING\",table=\"it_db.ha_slow\"} 1.0") || !run.isAlive());
            emulator.faults().delayResponses(Duration.ofMinutes(5));
            try {
                PG.execute("INSERT INTO ha_slow VALUES (2, 0)");
                // committed in Doris, its answer held back: the graceful stop waits for that load
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> emulator.table("it_db", "ha_slow").rowCount() == 2);
                run.terminate();
                assertThat(run.await(Duration.ofMinutes(2))).as("exit code of a stop cut at --stop-timeout; stderr:\n%s", run.stderr())
                        .isEqualTo(143);
                assertThat(run.stderr()).contains("stop requested");
            } finally {
                emulator.faults().clear();
            }
        }
    }

    private static void awaitEqual(TableRoute route, CliProcess alive) {
        DorisReader reader = (table, columns, keys, row) -> emulator.table(table.database(), table.table()).rows().forEach(row);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(io.doriscdc.emulator.EmulatorException.class).untilAsserted(() -> {
            assertThat(alive.isAlive()).as("pipeline process; stderr:\n%s", alive.stderr()).isTrue();
            try (Connection c = PG.connect()) {
                TableComparison t = Verifier.compare(c, route, reader);
                assertThat(t.equal()).as("%s", t).isTrue();
            }
        });
    }
}
