package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.runtime.testing.MemoryTransport;
import io.doriscdc.runtime.testing.PgTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ARCHITECTURE.md invariants 4 and 5: a slow Doris never makes the walsender drop the connection,
 * memory stays near the budget, and an idle captured database does not hold WAL back.
 */
@PostgresTest
class BackpressureIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @BeforeAll
    static void shortWalSenderTimeout() throws Exception {
        PG.execute("ALTER SYSTEM SET wal_sender_timeout = '3s'", "SELECT pg_reload_conf()");
    }

    @AfterAll
    static void restoreWalSenderTimeout() throws Exception {
        PG.execute("ALTER SYSTEM RESET wal_sender_timeout", "SELECT pg_reload_conf()");
    }

    @Test
    void aSlowTargetKeepsTheConnectionAndTheMemoryBudget() throws Exception {
        PG.execute("CREATE TABLE slow (id int PRIMARY KEY, pad text)");
        long budget = 1L << 20;
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("slow").publication("slow").route("public.slow", "db", "slow")
                .transport("memory").transportSetting("store", "slow").transportSetting("delay-ms", "4000")
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(20)).memoryBudgetBytes(budget).ringSize(64)
                .statusInterval(Duration.ofSeconds(1))
                .build())) {
            p.start();
            for (int i = 0; i < 12; i++) {
                PG.execute("INSERT INTO slow SELECT g, repeat('x', 200) FROM generate_series(" + (i * 1000) + ", " + (i * 1000 + 999) + ") g");
            }
            // every delivery takes 4 s, longer than the 3 s walsender timeout: the reader must keep answering while it waits
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                try (Connection c = PG.connect()) {
                    assertThat(MemoryTransport.store("slow").rows(DorisTableId.of("db", "slow"))).hasSize(12_000);
                    assertThat(MemoryTransport.store("slow").rows(DorisTableId.of("db", "slow")))
                            .isEqualTo(PgTables.rows(c, "slow", List.of("id")));
                }
            });
            assertThat(p.failure()).isEmpty();
            assertThat(p.isRunning()).isTrue();
            assertThat(p.memoryHighWaterBytes()).isLessThanOrEqualTo(budget + (256 << 10));
        }
    }

    @Test
    void walOfAnotherDatabaseDoesNotPileUpBehindAnIdleSlot() throws Exception {
        PG.execute("CREATE TABLE quiet (id int PRIMARY KEY)");
        String other = PG.createDatabase("busy_" + ProcessHandle.current().pid());
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("quiet").publication("quiet").route("public.quiet", "db", "quiet")
                .transport("memory").transportSetting("store", "quiet")
                .statusInterval(Duration.ofSeconds(1))
                .build())) {
            p.start();
            PG.execute("INSERT INTO quiet VALUES (1)");
            try (Connection c = PG.server().connect(other); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE noise AS SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> slotLag("quiet") < (1 << 20));
        }
    }

    private long slotLag(String slot) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
