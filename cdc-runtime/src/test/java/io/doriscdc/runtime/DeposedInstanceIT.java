package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.internal.Failpoints;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 2: an instance frozen while it holds rows in a batch (its lease thread, worker and
 * reader parked, as SIGSTOP would) loses its lease; the standby takes over, replays them, applies a
 * TRUNCATE and loads the row after it. Thawed and stopped, the deposed instance must abandon the
 * rows it held instead of delivering them after the TRUNCATE (with labels of its own, which Doris
 * would accept: a TRUNCATE leaves no versions behind to refuse them).
 */
@PostgresTest
class DeposedInstanceIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        emu.sql("db", "CREATE TABLE db.deposed (id INT, v INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        PG.execute("CREATE TABLE deposed (id int PRIMARY KEY, v int)");
    }

    @AfterAll
    static void stop() {
        for (String point : List.of("lease:A", "worker:A", "reader:A")) {
            Failpoints.open(point);
        }
        emu.close();
    }

    /** A: after its first load, holds what it reads for minutes. B: loads every change on its own. */
    private static Pipeline instance(String id, boolean holdsRows) {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("deposed").publication("deposed").route("public.deposed", "db", "deposed")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .instanceId(id).leaseInterval(Duration.ofMillis(200)).leaseTimeout(Duration.ofSeconds(1))
                .statusInterval(Duration.ofSeconds(1));
        if (holdsRows) {
            b.batchMaxRows(1000).batchMaxAge(Duration.ofMinutes(10)).batchMaxLoadsPerSecond(0.001);
        } else {
            b.batchMaxRows(1).batchMaxAge(Duration.ofMillis(50));
        }
        return Pipeline.create(b.build());
    }

    @Test
    void aDeposedInstanceAbandonsTheRowsItHeldInsteadOfDeliveringThemAfterTheNewHoldersTruncate() throws Exception {
        Pipeline a = instance("A", true);
        Pipeline b = null;
        try {
            a.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.instance().streaming());
            PG.execute("INSERT INTO deposed VALUES (0, 0)"); // A's first load, sent at once
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> dorisKeys().equals(List.of("0")));
            PG.execute("INSERT INTO deposed VALUES (1, 1)", "INSERT INTO deposed VALUES (3, 3)"); // held by A in a batch
            await().atMost(Duration.ofSeconds(30)).until(() -> a.status().stream().anyMatch(s -> s.timeLag().toNanos() > 0));

            for (String point : List.of("lease:A", "worker:A", "reader:A")) {
                Failpoints.close(point); // A freezes, as under SIGSTOP
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Failpoints.parked("lease:A") == 1
                    && Failpoints.parked("worker:A") == 1 && Failpoints.parked("reader:A") == 1);

            Pipeline standby = instance("B", false);
            b = standby;
            standby.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> standby.instance().streaming()); // A's lease expired
            await().atMost(Duration.ofSeconds(30)).until(() -> dorisKeys().equals(List.of("0", "1", "3"))); // B replays 1 and 3
            PG.execute("TRUNCATE deposed", "INSERT INTO deposed VALUES (2, 2)");
            await().atMost(Duration.ofSeconds(30)).until(() -> dorisKeys().equals(List.of("2")));

            Failpoints.open("worker:A"); // A thaws: its worker first, while its reader still sleeps
            await().atMost(Duration.ofSeconds(30)).until(() -> workers() == 1); // A's worker ended (B's runs on)
            Failpoints.open("reader:A");
            Failpoints.open("lease:A");
            a.stop();
            assertThat(dorisKeys()).as("no row from before the TRUNCATE comes back").containsExactly("2");
            try (Connection c = PG.connect()) {
                assertThat(EmulatorTables.doris(emu, "db", "deposed", "id")).isEqualTo(EmulatorTables.postgres(c, "deposed", "id"));
            }
            assertThat(standby.instance().state()).isEqualTo(InstanceState.ACTIVE);
        } finally {
            for (String point : List.of("lease:A", "worker:A", "reader:A")) {
                Failpoints.open(point);
            }
            a.stop();
            if (b != null) {
                b.stop();
            }
        }
    }

    private static List<String> dorisKeys() {
        Map<String, Map<String, String>> rows = EmulatorTables.doris(emu, "db", "deposed", "id");
        return rows.keySet().stream().sorted().toList();
    }

    /** The worker threads of this pipeline alive in this JVM (one per instance that streams). */
    private static long workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals("doris-cdc-worker-deposed")).count();
    }
}
