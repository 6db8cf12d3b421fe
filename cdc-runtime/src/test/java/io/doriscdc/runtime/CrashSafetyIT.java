package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.CrashChild;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ARCHITECTURE.md invariants 1–3: the pipeline runs in a child JVM that is killed with SIGKILL at
 * random moments during a workload (in the middle of copies, batches, and between a Doris commit
 * and the acknowledgement), while the emulator also fails loads, resets connections after
 * committing and answers Publish Timeout. After the last restart the Doris tables equal the
 * PostgreSQL tables row by row: nothing lost, nothing duplicated.
 */
@PostgresTest
class CrashSafetyIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(2).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        PG.execute("CREATE TABLE ca (id bigint PRIMARY KEY, v int NOT NULL, t text)",
                "CREATE TABLE cb (k int, s text, v bigint, PRIMARY KEY (k, s))",
                "INSERT INTO ca SELECT g, g, 'initial' FROM generate_series(1, 20000) g");
        emu.sql("db", "CREATE TABLE db.ca (id BIGINT, v INT, t STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        emu.sql("db", "CREATE TABLE db.cb (k INT, s VARCHAR(20), v BIGINT) UNIQUE KEY(k, s) DISTRIBUTED BY HASH(k) BUCKETS 2 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void killedAtRandomMomentsTheTablesStillConvergeWithoutLossOrDuplicates() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write(writing), "workload");
        Random random = new Random(11);
        Process child = startChild();
        writer.start();
        for (int round = 0; round < 8; round++) {
            switch (round % 4) {
                case 1 -> emu.faults().failNextLoads(2, "Fail", "[E-235]failed to init rowset builder. too many versions");
                case 2 -> emu.faults().resetAfterCommit(1);
                case 3 -> emu.faults().publishTimeoutNext(2);
                default -> emu.faults().clear();
            }
            TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(2500)); // a random moment to crash at, not a synchronisation
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            child = startChild();
        }
        writing.set(false);
        writer.join();
        emu.faults().clear();
        try {
            for (String[] t : List.of(new String[] {"ca", "id"}, new String[] {"cb", "k", "s"})) {
                String table = t[0];
                String[] key = java.util.Arrays.copyOfRange(t, 1, t.length);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    try (Connection c = PG.connect()) {
                        assertThat(EmulatorTables.doris(emu, "db", table, key)).isEqualTo(EmulatorTables.postgres(c, table, key));
                    }
                });
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, CrashChild.class.getName(),
                PG.jdbcUrl(), PG.user(), PG.password(), "crash", "127.0.0.1:" + emu.feHttpPort(), "ca", "cb"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> out.lines().filter(l -> l.startsWith("STARTED") || l.startsWith("FAILED") || l.contains("ERROR"))
                .forEach(l -> System.out.println("[child] " + l)), "child-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static void write(AtomicBoolean writing) {
        Random random = new Random(5);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            int round = 0;
            while (writing.get()) {
                for (int i = 0; i < 1 + random.nextInt(10); i++) {
                    int id = 1 + random.nextInt(25_000);
                    switch (random.nextInt(6)) {
                        case 0 -> st.execute("INSERT INTO ca VALUES (" + id + ", 0, 'new') ON CONFLICT (id) DO UPDATE SET v = ca.v + 1");
                        case 1 -> st.execute("DELETE FROM ca WHERE id = " + id);
                        case 2 -> st.execute("UPDATE ca SET id = id + 100000 WHERE id = " + id
                                + " AND NOT EXISTS (SELECT 1 FROM ca WHERE id = " + (id + 100000) + ")");
                        case 3 -> st.execute("INSERT INTO cb VALUES (" + (id % 500) + ", 's" + (id % 7) + "', " + id + ") "
                                + "ON CONFLICT (k, s) DO UPDATE SET v = EXCLUDED.v");
                        case 4 -> st.execute("DELETE FROM cb WHERE k = " + (id % 500));
                        default -> st.execute("UPDATE ca SET t = 'u' || v, v = v + 1 WHERE id BETWEEN " + id + " AND " + (id + 5));
                    }
                }
                if (++round % 200 == 0) {
                    st.execute("UPDATE ca SET v = v + 1 WHERE id % 10 = " + random.nextInt(10)); // a larger transaction
                }
                c.commit();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
