package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.cli.verify.DorisReader;
import io.doriscdc.cli.verify.TableComparison;
import io.doriscdc.cli.verify.Verifier;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doris-cdc run} as a process against a real PostgreSQL and the emulator: SIGTERM under a
 * write load loses nothing (the restarted pipeline converges), {@code status} reads the pipeline's
 * state, {@code sync} re-copies a table, metrics are served.
 */
@PostgresTest
class RunIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static DorisEmulator emulator;
    private static final TableRoute ROUTE = TableRoute.of("public.items", "it_db", "items");

    @BeforeAll
    static void startEmulator() {
        emulator = DorisEmulator.builder().backends(1).start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Path config(Path dir, int metricsPort) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                postgres:
                  url: %s
                  user: %s
                  password: ${env:IT_PG_PASSWORD}
                slot: cli_run_it
                transport:
                  scheme: streamload
                  create-tables: true
                  settings:
                    fe: 127.0.0.1:%d
                    user: root
                    password: ""
                tables:
                  - source: public.items
                    target: it_db.items
                batch:
                  max-age: 200ms
                replication:
                  status-interval: 1s
                metrics:
                  host: 127.0.0.1
                  port: %d
                """.formatted(PG.jdbcUrl(), PG.user(), emulator.feHttpPort(), metricsPort));
        return file;
    }

    @Test
    void sigtermUnderLoadStopsCleanlyAndARestartLosesNothing(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, qty int, price numeric(10,2), updated timestamptz)",
                "INSERT INTO items SELECT g, 'item ' || g, g % 17, g * 0.25, now() FROM generate_series(1, 3000) g");
        int metricsPort = freePort();
        Path yaml = config(dir, metricsPort);
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password());

        Writer writer = new Writer();
        Thread load = new Thread(writer, "it-load");
        try (CliProcess first = CliProcess.start(env, "run", "--config", yaml.toString(), "--status-every", "1s")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> emulatorRows() >= 3000 || !first.isAlive());
            assertThat(first.isAlive()).as("first run; stderr:\n%s", first.stderr()).isTrue();
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.transactions.get() > 200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(metricsPort))
                    .contains("doris_cdc_rows_delivered_total{table=\"it_db.items\"}")
                    .contains("doris_cdc_batch_latency_seconds_bucket").contains("doris_cdc_lag_bytes")
                    .contains("doris_cdc_table_state{state=\"STREAMING\",table=\"it_db.items\"} 1.0"));
            first.terminate(); // SIGTERM while the load goes on
            assertThat(first.await(Duration.ofMinutes(2))).as("exit code after SIGTERM; stderr:\n%s", first.stderr()).isZero();
            assertThat(first.stderr()).contains("stop requested").contains("pipeline cli_run_it stopped at");
        }
        writer.stop.set(true);
        load.join(Duration.ofSeconds(30).toMillis());
        assertThat(writer.failure).isNull();
        PG.execute("UPDATE items SET qty = qty + 1 WHERE id % 3 = 0", "DELETE FROM items WHERE id % 11 = 0"); // while stopped

        try (CliProcess status = CliProcess.start(env, "status", "--config", yaml.toString())) {
            assertThat(status.await(Duration.ofSeconds(60))).as("status; stderr:\n%s", status.stderr()).isZero();
            assertThat(status.stdout()).contains("pipeline cli_run_it").contains("public.items").contains("it_db.items").contains("PAUSED")
                    .contains(PG.majorVersion() >= 17 ? "slot cli_run_it: a failover slot" : "slot cli_run_it: not a failover slot");
        }

        try (CliProcess second = CliProcess.start(env, "run", "--config", yaml.toString())) {
            awaitEqual(second);
            try (CliProcess status = CliProcess.start(env, "status", "--config", yaml.toString())) {
                assertThat(status.await(Duration.ofSeconds(60))).isZero();
                assertThat(status.stdout()).contains("STREAMING");
            }
            // data lost on the Doris side comes back with sync
            emulator.sql("it_db", "TRUNCATE TABLE items");
            assertThat(emulatorRows()).isZero();
            try (CliProcess sync = CliProcess.start(env, "sync", "--config", yaml.toString(), "--table", "public.items")) {
                assertThat(sync.await(Duration.ofSeconds(60))).as("sync; stderr:\n%s", sync.stderr()).isZero();
                assertThat(sync.stdout()).contains("requested a re-copy of public.items");
            }
            awaitEqual(second);
            second.terminate();
            assertThat(second.await(Duration.ofMinutes(2))).isZero();
        }
    }

    @Test
    void aPipelineLoadsThroughTheGatewayWithTheGrpcTransport(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE via_grpc (id int PRIMARY KEY, v text)",
                "INSERT INTO via_grpc SELECT g, 'v' || g FROM generate_series(1, 500) g");
        int gatewayPort = freePort();
        Path yaml = dir.resolve("grpc.yaml");
        Files.writeString(yaml, """
                postgres:
                  url: %s
                  user: %s
                  password: ${env:IT_PG_PASSWORD}
                slot: cli_grpc_it
                transport:
                  scheme: grpc
                  create-tables: true
                  settings:
                    targets: 127.0.0.1:%d
                    token: ${env:IT_GATEWAY_TOKEN}
                tables:
                  - source: public.via_grpc
                    target: it_db.via_grpc
                batch:
                  max-age: 200ms
                """.formatted(PG.jdbcUrl(), PG.user(), gatewayPort));
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password(), "IT_GATEWAY_TOKEN", "gw-secret");
        try (CliProcess gateway = CliProcess.start(env, "gateway", "port=" + gatewayPort, "bind=127.0.0.1", "token=${env:IT_GATEWAY_TOKEN}",
                "doris.fe=127.0.0.1:" + emulator.feHttpPort(), "doris.user=root");
             CliProcess run = CliProcess.start(env, "run", "--config", yaml.toString())) {
            TableRoute route = TableRoute.of("public.via_grpc", "it_db", "via_grpc");
            PG.execute("UPDATE via_grpc SET v = 'changed' WHERE id <= 100", "DELETE FROM via_grpc WHERE id > 450");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(io.doriscdc.emulator.EmulatorException.class).untilAsserted(() -> {
                assertThat(gateway.isAlive()).as("gateway; stderr:\n%s", gateway.stderr()).isTrue();
                assertThat(run.isAlive()).as("run; stderr:\n%s", run.stderr()).isTrue();
                try (Connection c = PG.connect()) {
                    assertThat(Verifier.compare(c, route, emulatorReader()).equal()).isTrue();
                }
            });
            run.terminate();
            assertThat(run.await(Duration.ofMinutes(2))).isZero();
            gateway.terminate();
            assertThat(gateway.await(Duration.ofMinutes(2))).as("gateway exit; stderr:\n%s", gateway.stderr()).isZero();
            assertThat(gateway.stderr()).contains("ingest gateway listening on 127.0.0.1:" + gatewayPort).doesNotContain("gw-secret");
        }
    }

    private void awaitEqual(CliProcess run) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(run.isAlive()).as("pipeline process; stderr:\n%s", run.stderr()).isTrue();
            try (Connection c = PG.connect()) {
                TableComparison t = Verifier.compare(c, ROUTE, emulatorReader());
                assertThat(t.equal()).as("%s", t).isTrue();
            }
        });
    }

    private static DorisReader emulatorReader() {
        return (table, columns, keys, row) -> emulator.table(table.database(), table.table()).rows().forEach(row);
    }

    private static long emulatorRows() {
        try {
            return emulator.table("it_db", "items").rowCount();
        } catch (RuntimeException e) { // not created yet
            return -1;
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Inserts, updates, deletes and key changes in small transactions until stopped. */
    private static final class Writer implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong transactions = new AtomicLong();
        volatile Exception failure;

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(7);
            long next = 100_000;
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long id = 1 + random.nextLong(3000);
                    switch (random.nextInt(4)) {
                        case 0 -> st.executeUpdate("INSERT INTO items VALUES (" + next++ + ", 'new', 1, 9.99, now())");
                        case 1 -> st.executeUpdate("UPDATE items SET qty = qty + 1, updated = now() WHERE id = " + id);
                        case 2 -> st.executeUpdate("DELETE FROM items WHERE id = " + id);
                        default -> st.executeUpdate("UPDATE items SET id = " + next++ + " WHERE id = " + id);
                    }
                    c.commit();
                    transactions.incrementAndGet();
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
