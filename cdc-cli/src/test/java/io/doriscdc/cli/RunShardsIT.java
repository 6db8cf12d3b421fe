package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.cli.verify.DorisReader;
import io.doriscdc.cli.verify.TableComparison;
import io.doriscdc.cli.verify.Verifier;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharding across slots: one file of two pipelines (two slots, disjoint tables) run as two
 * {@code doris-cdc run --pipeline} processes; each is SIGKILLed while a writer changes both pipelines'
 * tables (in transactions that span them), the other streams on, and after a restart both Doris
 * tables equal PostgreSQL row by row.
 */
class RunShardsIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final TableRoute A = TableRoute.of("public.shard_a", "it_db", "shard_a");
    private static final TableRoute B = TableRoute.of("public.shard_b", "it_db", "shard_b");
    private static DorisEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = DorisEmulator.builder().backends(1).start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Path config(Path dir, String p) throws Exception {
        Path file = dir.resolve(p + ".yaml");
        Files.writeString(file, """
                postgres:
                  url: %1$s
                  user: %3$s
                  password: ${env:IT_PG_PASSWORD}
                transport:
                  scheme: streamload
                  create-tables: true
                  settings:
                    fe: 127.0.0.1:%4$d
                    user: root
                    password: ""
                pipelines:
                  - name: %2$s_a
                    tables:
                      - source: public.%2$s_a
                        target: it_db.%2$s_a
                  - name: %2$s_b
                    slot: %2$s_b_slot
                    tables:
                      - source: public.%2$s_b
                        target: it_db.%2$s_b
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
                """.formatted(PG.jdbcUrl(), p, PG.user(), emulator.feHttpPort()));
        return file;
    }

    @Test
    void twoPipelinesOfOneFileAreKilledAndRestartedIndependentlyAndBothTablesEndEqual(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE shard_a (id int PRIMARY KEY, v int, note text)", "CREATE TABLE shard_b (id int PRIMARY KEY, v int, note text)",
                "INSERT INTO shard_a SELECT g, 0, 'a' || g FROM generate_series(1, 2000) g",
                "INSERT INTO shard_b SELECT g, 0, 'b' || g FROM generate_series(1, 2000) g");
        Path yaml = config(dir, "shard");
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password());
        CliProcess a = start(env, yaml, "shard_a");
        CliProcess b = start(env, yaml, "shard_b");
        try {
            int portA = awaitReady(a);
            int portB = awaitReady(b);
            assertThat(CliProcess.get(portA, "/metrics").body()).contains("pipeline=\"shard_a\"").doesNotContain("pipeline=\"shard_b\"");
            assertThat(CliProcess.get(portB, "/metrics").body()).contains("pipeline=\"shard_b\"");

            a = killWhileWritingAndRestart(a, b, env, yaml, "shard_a", 1);
            b = killWhileWritingAndRestart(b, a, env, yaml, "shard_b", 2);
            awaitEqual(A, a);
            awaitEqual(B, b);

            String status = CliProcess.status(env, yaml);
            assertThat(status).contains("pipeline shard_a").contains("pipeline shard_b_slot").contains("public.shard_a").contains("public.shard_b");
            for (CliProcess p : List.of(a, b)) {
                p.terminate();
                assertThat(p.await(Duration.ofMinutes(2))).as("exit code after SIGTERM; stderr:\n%s", p.stderr()).isZero();
            }
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void oneProcessRunsEveryPipelineOfTheFileIsReadyWhenAllAreAndStopsAllOnSigterm(@TempDir Path dir) throws Exception {
        PG.execute("CREATE TABLE both_a (id int PRIMARY KEY, v int, note text)", "CREATE TABLE both_b (id int PRIMARY KEY, v int, note text)",
                "INSERT INTO both_a SELECT g, 0, 'a' FROM generate_series(1, 500) g", "INSERT INTO both_b SELECT g, 0, 'b' FROM generate_series(1, 500) g");
        Path yaml = config(dir, "both");
        Map<String, String> env = Map.of("IT_PG_PASSWORD", PG.password());
        try (CliProcess run = CliProcess.start(env, "run", "--config", yaml.toString(), "--status-every", "1s")) {
            int port = awaitReady(run);
            assertThat(CliProcess.get(port, "/health/ready").body()).contains("\"status\":\"UP\"").contains("\"both_a\":{").contains("\"both_b\":{");
            assertThat(CliProcess.get(port, "/metrics").body()).contains("pipeline=\"both_a\"").contains("pipeline=\"both_b\"");
            PG.execute("BEGIN; UPDATE both_a SET v = 1 WHERE id <= 250; DELETE FROM both_b WHERE id > 400; INSERT INTO both_b VALUES (1000, 9, 'x'); COMMIT");
            awaitEqual(TableRoute.of("public.both_a", "it_db", "both_a"), run);
            awaitEqual(TableRoute.of("public.both_b", "it_db", "both_b"), run);
            run.terminate();
            assertThat(run.await(Duration.ofMinutes(2))).as("exit code after SIGTERM; stderr:\n%s", run.stderr()).isZero();
            assertThat(run.stderr()).contains("pipeline both_a stopped at").contains("pipeline both_b stopped at");
        }
    }

    /**
     * Writes both tables, SIGKILLs {@code victim} mid-way, writes on, checks that the
     * other pipeline has delivered its table meanwhile, then restarts the victim.
     */
    private CliProcess killWhileWritingAndRestart(CliProcess victim, CliProcess other, Map<String, String> env, Path yaml, String name,
                                                  int round) throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> write(round, committed, stop, failed), "writer-" + round);
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() >= 150 || failed.get() != null);
            victim.kill();
            int atKill = committed.get();
            // the writer goes on while the victim is gone: changes its slot holds for the restart
            await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() >= atKill + 150 || failed.get() != null);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failed.get()).as("the writer").isNull();
        awaitEqual(name.equals("shard_a") ? B : A, other); // the other pipeline streamed on alone
        CliProcess restarted = start(env, yaml, name);
        awaitReady(restarted);
        awaitEqual(name.equals("shard_a") ? A : B, restarted);
        return restarted;
    }

    /** Transactions that change both tables (inserts, updates, deletes), and some that change one. */
    private static void write(int round, AtomicInteger committed, AtomicBoolean stop, AtomicReference<Throwable> failed) {
        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 1; i < 100_000 && !stop.get(); i++) {
                int id = round * 100_000 + i;
                s.execute("INSERT INTO shard_a VALUES (" + id + ", " + i + ", 'new')");
                s.execute("UPDATE shard_a SET v = v + 1, note = 'u" + round + "' WHERE id = " + (i % 2000 + 1));
                if (i % 3 != 0) {
                    s.execute("INSERT INTO shard_b VALUES (" + id + ", " + i + ", 'new') ON CONFLICT (id) DO UPDATE SET v = excluded.v");
                    s.execute("UPDATE shard_b SET v = v + " + round + " WHERE id = " + ((i * 7) % 2000 + 1));
                }
                if (i % 5 == 0) {
                    s.execute("DELETE FROM shard_a WHERE id = " + (id - 2));
                    s.execute("DELETE FROM shard_b WHERE id = " + (id - 4));
                }
                c.commit();
                committed.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            failed.set(e);
        }
    }

    private static CliProcess start(Map<String, String> env, Path yaml, String pipeline) {
        return CliProcess.start(env, "run", "--config", yaml.toString(), "--pipeline", pipeline, "--status-every", "1s");
    }

    private static int awaitReady(CliProcess p) {
        int port = p.metricsPort();
        await().atMost(Duration.ofSeconds(120)).until(() -> CliProcess.get(port, "/health/ready").statusCode() == 200 || !p.isAlive());
        assertThat(p.isAlive()).as("%s; stderr:\n%s", p, p.stderr()).isTrue();
        return port;
    }

    private static void awaitEqual(TableRoute route, CliProcess alive) {
        DorisReader reader = (table, columns, keys, row) -> emulator.table(table.database(), table.table()).rows().forEach(row);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(io.doriscdc.emulator.EmulatorException.class).untilAsserted(() -> {
            assertThat(alive.isAlive()).as("pipeline process; stderr:\n%s", alive.stderr()).isTrue();
            try (Connection c = PG.connect()) {
                TableComparison t = Verifier.compare(c, route, reader);
                assertThat(t.equal()).as("%s", t).isTrue();
            }
        });
    }
}
