package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.Lsn;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.runtime.testing.Wal;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Doris gone for longer than the transport's whole retry budget, then back: the table is never
 * FAILED; it shows WAITING_FOR_DORIS, the instance is not ready, the slot stays before the changes
 * Doris has not committed, and the pipeline resumes by itself when Doris returns, ending equal.
 */
@PostgresTest
class DorisOutageIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        emu.sql("db", "CREATE TABLE db.outage (id INT, v STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void anOutageLongerThanEveryRetryIsWaitedOutNotFailed() throws Exception {
        PG.execute("CREATE TABLE outage (id int PRIMARY KEY, v text)", "INSERT INTO outage SELECT g, 'v' || g FROM generate_series(1, 100) g");
        AtomicInteger failedStates = new AtomicInteger();
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("outage").publication("outage").route("public.outage", "db", "outage")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                // the transport gives up after 2 attempts within 300 ms: the outage outlasts its retry budget many times
                .transportSetting("max-attempts", "2").transportSetting("max-retry-time", "300ms").transportSetting("initial-backoff", "50ms")
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .listener(new io.doriscdc.api.PipelineListener() {
                    @Override
                    public void tableState(io.doriscdc.api.TableId table, String state, String error) {
                        if ("FAILED".equals(state)) {
                            failedStates.incrementAndGet();
                        }
                    }
                })
                .build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            EmulatorTables.awaitEqual(emu, PG, "db", "outage", "id");
            emu.stopBackend(0);
            PG.execute("UPDATE outage SET v = 'during the outage' WHERE id <= 50");
            // the end of the UPDATE's commit, or later: the slot may acknowledge a keepalive's position inside the UPDATE's
            // WAL (it commits after it and is replayed), never its commit
            Lsn afterUpdate = Wal.insertLsn(PG);
            PG.execute("INSERT INTO outage VALUES (1000, 'new')", "DELETE FROM outage WHERE id > 90");
            await().atMost(Duration.ofSeconds(30)).until(() -> p.status().get(0).state() == TableState.WAITING_FOR_DORIS);
            assertThat(p.status().get(0).lastError()).contains("waiting for Doris", "same label");
            assertThat(p.instance().streaming()).as("not ready while Doris is away").isFalse();
            assertThat(p.instance().detail()).contains("waiting for Doris");
            // 4 s more: several rounds of the transport's retries (2 attempts in 300 ms each), each given up, none a failure
            Thread.sleep(4_000);
            assertThat(p.status().get(0).state()).isEqualTo(TableState.WAITING_FOR_DORIS);
            assertThat(Wal.confirmedFlush(PG, "outage").value()).as("the slot stays before the undelivered changes").isLessThan(afterUpdate.value());
            emu.startBackend(0);
            EmulatorTables.awaitEqual(emu, PG, "db", "outage", "id");
            await().atMost(Duration.ofSeconds(10)).until(() -> p.status().get(0).state() == TableState.STREAMING && p.instance().streaming());
            assertThat(failedStates).as("no FAILED state was ever reported").hasValue(0);
            assertThat(p.failure()).isEmpty();
        }
    }



}
