package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.doriscdc.api.ConfigException;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code replication.failover-slot} against a real server: which slots become failover slots
 * (PostgreSQL 17+) on each path that creates one (with the initial copy's exported snapshot, and
 * without a copy), what an existing slot without failover gets under {@code auto} (a report) and
 * {@code true} (failover turned on), and the refusal of {@code true} before 17.
 */
@PostgresTest
class FailoverSlotConfigIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    @BeforeAll
    static void table() throws SQLException {
        PG.execute("CREATE TABLE fo (id int PRIMARY KEY, v text)", "INSERT INTO fo VALUES (1, 'a')");
    }

    private static PipelineConfig.Builder config(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("memory").transportSetting("store", slot)
                .route("public.fo", "db", "fo")
                .batchMaxAge(Duration.ofMillis(50));
    }

    /** {@code pg_replication_slots.failover}; false before 17, where the column does not exist. */
    private static boolean failover(String slot) throws SQLException {
        String column = PG.majorVersion() >= 17 ? "failover" : "false";
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("slot %s exists", slot).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void autoCreatesAFailoverSlotFrom17OnWithTheInitialCopyAndWithout() throws Exception {
        for (boolean copy : new boolean[] {true, false}) {
            String slot = copy ? "fo_auto_copy" : "fo_auto_nocopy";
            try (Pipeline p = Pipeline.create(config(slot).initialSnapshot(copy).build())) {
                p.start();
                assertThat(failover(slot)).as("failover of %s", slot).isEqualTo(PG.majorVersion() >= 17);
                SlotFailover report = p.slotFailover();
                if (PG.majorVersion() >= 17) {
                    // the test server has no standby: nothing to guard, which the report says
                    assertThat(report.state()).isEqualTo(SlotFailover.State.FAILOVER);
                    assertThat(report.advice()).contains("no standby streams from this server");
                    assertThat(report.survivesFailover()).isTrue();
                } else {
                    assertThat(report.state()).isEqualTo(SlotFailover.State.UNSUPPORTED);
                    assertThat(report.advice()).contains("PostgreSQL " + PG.majorVersion()).contains("docs/operations.md");
                }
                assertThat(p.failure()).isEmpty();
            }
        }
    }

    @Test
    void falseCreatesAnOrdinarySlot() throws Exception {
        try (Pipeline p = Pipeline.create(config("fo_off").failoverSlot(FailoverSlot.OFF).build())) {
            p.start();
            assertThat(failover("fo_off")).isFalse();
            assertThat(p.slotFailover().state()).isEqualTo(PG.majorVersion() >= 17 ? SlotFailover.State.DISABLED : SlotFailover.State.UNSUPPORTED);
        }
    }

    @Test
    void anExistingSlotWithoutFailoverIsReportedUnderAutoAndTurnedIntoOneUnderTrue() throws Exception {
        assumeTrue(PG.majorVersion() >= 17, "failover slots need PostgreSQL 17+; this run uses PostgreSQL " + PG.majorVersion());
        // the publication first: pgoutput reads it in the slot's history, which starts at the slot's creation
        PG.execute("CREATE PUBLICATION fo_made FOR TABLE fo", "SELECT pg_create_logical_replication_slot('fo_made', 'pgoutput')");
        try (Pipeline p = Pipeline.create(config("fo_made").initialSnapshot(false).build())) {
            p.start();
            assertThat(failover("fo_made")).as("auto leaves an existing slot as it was made").isFalse();
            assertThat(p.slotFailover().state()).isEqualTo(SlotFailover.State.NOT_FAILOVER);
            assertThat(p.slotFailover().advice()).contains("ALTER_REPLICATION_SLOT \"fo_made\" (FAILOVER true)");
        }
        try (Pipeline p = Pipeline.create(config("fo_made").initialSnapshot(false).failoverSlot(FailoverSlot.ON).build())) {
            p.start();
            assertThat(failover("fo_made")).as("true turns failover on").isTrue();
            assertThat(p.slotFailover().survivesFailover()).isTrue();
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void aStandbySlotWithoutSynchronizedStandbySlotsOrNotStreamingIsReportedUnguarded() throws Exception {
        assumeTrue(PG.majorVersion() >= 17, "failover slots need PostgreSQL 17+; this run uses PostgreSQL " + PG.majorVersion());
        PG.execute("CREATE PUBLICATION fo_guard FOR TABLE fo", "SELECT pg_create_logical_replication_slot('fo_guard', 'pgoutput', false, false, true)");
        // a physical slot as a standby would stream through (not reserving WAL); server-wide, so removed below
        PG.execute("SELECT pg_create_physical_replication_slot('fo_guard_standby')");
        try (Connection c = PG.connect()) {
            SlotFailover empty = SlotFailover.inspect(c, "fo_guard", FailoverSlot.AUTO);
            assertThat(empty.state()).isEqualTo(SlotFailover.State.FAILOVER_UNGUARDED);
            assertThat(empty.advice()).contains("synchronized_standby_slots is empty");
            PG.execute("ALTER SYSTEM SET synchronized_standby_slots = 'fo_guard_standby'", "SELECT pg_reload_conf()");
            awaitSetting(c, "fo_guard_standby");
            SlotFailover away = SlotFailover.inspect(c, "fo_guard", FailoverSlot.AUTO);
            assertThat(away.state()).isEqualTo(SlotFailover.State.FAILOVER_UNGUARDED);
            assertThat(away.advice()).contains("fo_guard_standby").contains("is not streaming");
            assertThat(away.summary()).startsWith("slot fo_guard: a failover slot; ");
        } finally {
            PG.execute("ALTER SYSTEM RESET synchronized_standby_slots", "SELECT pg_reload_conf()",
                    "SELECT pg_drop_replication_slot('fo_guard_standby')");
        }
    }

    /** pg_reload_conf() signals the postmaster; a session sees the new value once it has reread the file. */
    private static void awaitSetting(Connection c, String value) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('synchronized_standby_slots')")) {
                rs.next();
                return value.equals(rs.getString(1));
            }
        });
    }

    @Test
    void trueBefore17IsRefusedAtStartWithWhatToDo() {
        assumeTrue(PG.majorVersion() < 17, "PostgreSQL " + PG.majorVersion() + " has failover slots; the refusal is for 14 to 16");
        try (Pipeline p = Pipeline.create(config("fo_on_old").failoverSlot(FailoverSlot.ON).build())) {
            assertThatThrownBy(p::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("PostgreSQL " + PG.majorVersion()).hasMessageContaining("replication.failover-slot");
        }
    }
}
