package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresTest;
import io.doriscdc.testsupport.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What docs/operations.md says a failover costs without a failover slot (every slot before
 * PostgreSQL 17, {@code replication.failover-slot: false} after): the promoted standby has no slot;
 * the restarted pipeline makes a new one and copies the table again, which leaves in Doris the rows
 * deleted before the new slot existed; the documented re-sync (stop, truncate the Doris table, drop
 * the new slot, start) makes Doris equal to the new primary again. Runs on every major.
 */
@PostgresTest
class PostgresFailoverWithoutFailoverSlotIT {

    private static final String SLOT = "no_failover_it";
    private static final Duration AWAIT = Duration.ofSeconds(Long.getLong("awaitSeconds", 180));

    ReplicatedPostgres pg;
    DorisEmulator emu;

    @BeforeEach
    void start() throws Exception {
        pg = ReplicatedPostgres.start();
        pg.executePrimary("postgres", "CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, note text)",
                "INSERT INTO orders SELECT g, g % 7, 'seed ' || g FROM generate_series(1, 500) g");
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        emu.sql("db", "CREATE TABLE db.orders (id INT, qty INT, note STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
    }

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private PipelineConfig config() {
        return PipelineConfig.builder()
                .postgres(pg.failoverUrl("postgres")).user(pg.user()).password(pg.password())
                .slot(SLOT).publication(SLOT)
                .route("public.orders", "db", "orders")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "json")
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .failoverSlot(FailoverSlot.OFF) // what every slot is before 17
                .build();
    }

    @Test
    void theNewSlotsCopyKeepsRowsDeletedInTheGapAndTheDocumentedResyncRemovesThem() throws Exception {
        try (Pipeline p = Pipeline.create(config())) {
            p.start();
            assertThat(p.slotFailover().survivesFailover()).as("%s", p.slotFailover()).isFalse();
            pg.executePrimary("postgres", "DELETE FROM orders WHERE id <= 50", "UPDATE orders SET qty = qty + 100 WHERE id BETWEEN 51 AND 100");
            awaitDorisEquals();
            awaitReported();
            pg.awaitStandbyReplayed(AWAIT);

            pg.promoteStandby();
            // while the pipeline still reads the old primary: changes the slot that the pipeline makes next will never see
            try (Connection c = pg.connectStandby("postgres"); var st = c.createStatement()) {
                st.execute("DELETE FROM orders WHERE id BETWEEN 101 AND 150");
                st.execute("UPDATE orders SET note = 'changed in the gap' WHERE id BETWEEN 151 AND 200");
            }
            pg.stopPrimaryImmediately();

            // the restarted pipeline finds no slot: a new one, and a copy of the table under its snapshot
            await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                var doris = EmulatorTables.doris(emu, "db", "orders", "id");
                assertThat(doris.get("151")).isNotNull().containsEntry("note", "changed in the gap");
            });
            try (Connection c = pg.connectStandby("postgres");
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, SLOT);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the pipeline made its slot again on the promoted standby").isEqualTo(1);
                }
            }
            await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                var postgres = postgresRows();
                var doris = EmulatorTables.doris(emu, "db", "orders", "id");
                TreeSet<String> extra = new TreeSet<>(doris.keySet());
                extra.removeAll(postgres.keySet());
                assertThat(extra).as("rows only Doris has: those deleted before the new slot existed")
                        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(101, 150).mapToObj(Integer::toString).toList());
            });
            assertThat(p.failure()).isEmpty();
        }

        // the re-sync of docs/operations.md: stop, truncate the Doris table, drop the new slot, start
        emu.sql("db", "TRUNCATE TABLE db.orders");
        try (Connection c = current(); var st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
            st.execute("INSERT INTO orders VALUES (9001, 1, 'after the re-sync')");
        }
        try (Pipeline p = Pipeline.create(config())) {
            p.start();
            awaitDorisEquals();
            assertThat(p.failure()).isEmpty();
        }
    }

    /** A connection to whichever server is the primary now. */
    private Connection current() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(pg.failoverUrl("postgres"), pg.user(), pg.password());
    }

    private Map<String, Map<String, String>> postgresRows() throws Exception {
        try (Connection c = current()) {
            return EmulatorTables.postgres(c, "orders", "id");
        }
    }

    private void awaitDorisEquals() {
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Connection c = current()) {
                var postgres = EmulatorTables.postgres(c, "orders", "id");
                var doris = EmulatorTables.doris(emu, "db", "orders", "id");
                assertThat(doris).withFailMessage(() -> EmulatorTables.differences(postgres, doris)).isEqualTo(postgres);
            }
        });
    }

    /** The pipeline's tables in doris_cdc.status: what tells a restarted pipeline that it ran here before. */
    private void awaitReported() {
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection c = current();
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM doris_cdc.table_status WHERE pipeline = ?")) {
                ps.setString(1, SLOT);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) > 0;
                }
            }
        });
    }
}
