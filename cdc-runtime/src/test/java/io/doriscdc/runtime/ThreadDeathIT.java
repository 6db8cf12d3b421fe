package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.internal.Failpoints;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 9: a thread that dies of an {@link Error} fails the pipeline (and releases the
 * high-availability lease, so a standby takes over), and a start that fails after the stream was
 * opened leaves no connection holding the slot.
 */
@PostgresTest
class ThreadDeathIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @AfterEach
    void disarm() {
        Failpoints.disarmAll();
    }

    private static PipelineConfig.Builder pipeline(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1));
    }

    @Test
    void anErrorInTheReaderThreadFailsThePipelineAndReleasesTheLease() throws Exception {
        PG.execute("CREATE TABLE dies (id int PRIMARY KEY)");
        FailedTableHoldIT.dorisTable(emu, "dies", "id INT", "id");
        try (Pipeline p = Pipeline.create(pipeline("dies").route("public.dies", "db", "dies").highAvailability(true).build())) {
            p.start();
            PG.execute("INSERT INTO dies VALUES (1)");
            awaitEqual("dies");
            // an Error, as an OutOfMemoryError would be (which surefire takes for its fork's own)
            Failpoints.arm(Failpoints.READER_FRAME, () -> new NoClassDefFoundError("injected into the reader thread"));
            PG.execute("INSERT INTO dies VALUES (2)");
            // not Awaitility's own catch of an uncaught exception: the pipeline must report the failure itself
            await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(1)).until(() -> p.failure().isPresent());
            assertThat(p.failure().get()).hasStackTraceContaining("injected into the reader thread");
            assertThat(p.isRunning()).isFalse();
            await().atMost(Duration.ofMinutes(1)).until(() -> p.instance().state() == InstanceState.FAILED);
            await().atMost(Duration.ofMinutes(1)).until(() -> leaseHolder("dies") == null);
            await().atMost(Duration.ofMinutes(1)).until(() -> !slotActive("dies"));
        }
    }

    @Test
    void aStartThatFailsAfterOpeningTheStreamReleasesTheSlot() throws Exception {
        startFailingLate("late", false);
    }

    @Test
    void withHighAvailabilityTooTheSlotAndTheLeaseAreReleased() throws Exception {
        startFailingLate("late_ha", true);
    }

    private static void startFailingLate(String name, boolean ha) throws Exception {
        PG.execute("CREATE TABLE " + name + " (id int PRIMARY KEY)", "INSERT INTO " + name + " SELECT generate_series(1, 10)");
        FailedTableHoldIT.dorisTable(emu, name, "id INT", "id");
        PipelineListener failsLate = new PipelineListener() {
            @Override
            public void tableState(TableId table, String state, String error) {
                throw new AssertionError("a listener that fails when the copy begins, after the stream was opened");
            }
        };
        PipelineConfig.Builder b = pipeline(name).route("public." + name, "db", name).highAvailability(ha);
        assertThatThrownBy(() -> {
            try (Pipeline p = Pipeline.create(b.listener(failsLate).build())) {
                p.start();
            }
        }).hasMessageContaining("after the stream was opened");
        await().atMost(Duration.ofMinutes(1)).until(() -> !slotActive(name));
        if (ha) {
            await().atMost(Duration.ofMinutes(1)).until(() -> leaseHolder(name) == null);
        }
        try (Pipeline p = Pipeline.create(b.listener(PipelineListener.NONE).build())) {
            p.start(); // not refused as "slot busy", nor left standing by behind its own lease
            PG.execute("INSERT INTO " + name + " VALUES (11)");
            awaitEqual(name);
            assertThat(p.failure()).isEmpty();
            if (ha) {
                assertThat(leaseHolder(name)).isNotNull();
            }
        }
    }

    private static boolean slotActive(String slot) throws Exception {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String leaseHolder(String pipeline) throws Exception {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT holder FROM doris_cdc.leases WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, "id");
                var doris = EmulatorTables.doris(emu, "db", table, "id");
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
