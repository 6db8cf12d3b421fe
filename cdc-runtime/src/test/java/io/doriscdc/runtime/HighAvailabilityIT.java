package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.runtime.testing.MemoryTransport;
import io.doriscdc.runtime.testing.PgTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/**
 * Instances of one pipeline in one JVM against real PostgreSQL: one streams, the others stand by
 * without error, and a standby takes over when the active one stops or its lease expires. (Killed
 * and frozen processes under concurrent writers: HighAvailabilityChaosIT in cdc-chaos.)
 */
@PostgresTest
class HighAvailabilityIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Pipeline p : pipelines) {
            p.stop();
        }
        for (Connection c : connections) {
            c.close();
        }
    }

    private Pipeline instance(String slot, String id) {
        Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("memory").transportSetting("store", slot)
                .route("public." + slot, "db", slot)
                .batchMaxAge(Duration.ofMillis(50))
                .instanceId(id).leaseInterval(Duration.ofMillis(200)).leaseTimeout(Duration.ofSeconds(1))
                .build());
        pipelines.add(p);
        return p;
    }

    @Test
    void aSecondInstanceStandsByWithoutErrorAndTakesOverWhenTheActiveOneStops() throws Exception {
        PG.execute("CREATE TABLE ha_pair (id int PRIMARY KEY, v int)");
        Pipeline first = instance("ha_pair", "first");
        first.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.instance().streaming());
        Pipeline second = instance("ha_pair", "second");
        second.start();
        assertThat(second.instance().state()).isEqualTo(InstanceState.STANDBY);
        assertThat(second.instance().detail()).contains("instance first is active");
        assertThat(second.isRunning()).isTrue();
        assertThat(second.failure()).isEmpty();
        assertThat(second.status()).isEmpty();
        assertThatThrownBy(() -> second.syncTable(io.doriscdc.api.TableId.of("public", "ha_pair"), 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not stream").hasMessageContaining("STANDBY");
        PG.execute("INSERT INTO ha_pair SELECT g, 0 FROM generate_series(1, 500) g");
        awaitConverged("ha_pair");
        await().atMost(Duration.ofSeconds(10)).until(() -> instances("ha_pair").equals(List.of("first ACTIVE", "second STANDBY")));

        first.stop(); // releases the lease: the standby claims it at its next look
        await().atMost(Duration.ofSeconds(30)).until(() -> second.instance().streaming());
        assertThat(second.instance().detail()).contains("streaming");
        PG.execute("UPDATE ha_pair SET v = 1 WHERE id <= 250", "DELETE FROM ha_pair WHERE id > 400");
        awaitConverged("ha_pair");
        await().atMost(Duration.ofSeconds(10)).until(() -> instances("ha_pair").equals(List.of("second ACTIVE")));
    }

    @Test
    void aStandbyEndsTheWalsenderOfAnInstanceWhoseLeaseExpiredAndStreamsFromTheSlot() throws Exception {
        PG.execute("CREATE TABLE ha_ghost (id int PRIMARY KEY, v int)",
                "CREATE PUBLICATION ha_ghost FOR TABLE ha_ghost WITH (publish_via_partition_root = true)",
                "SELECT pg_create_logical_replication_slot('ha_ghost', 'pgoutput')");
        // an instance that froze while streaming: its walsender holds the slot, its lease is long expired
        int ghost = holdSlot("ha_ghost", "doris-cdc ha_ghost");
        Pipeline installer = instance("ha_ghost", "installer"); // its start installs doris_cdc and stands by: the slot is taken
        installer.start();
        assertThat(installer.instance().state()).isEqualTo(InstanceState.STANDBY);
        installer.stop();
        PG.execute("INSERT INTO doris_cdc.leases (pipeline, holder, term, renewed_at, lease_pid, walsender_pid) "
                + "VALUES ('ha_ghost', 'frozen#0000', 7, now() - interval '1 hour', 0, " + ghost + ") ON CONFLICT (pipeline) DO UPDATE "
                + "SET holder = EXCLUDED.holder, term = 7, renewed_at = EXCLUDED.renewed_at, walsender_pid = EXCLUDED.walsender_pid");
        PG.execute("INSERT INTO ha_ghost SELECT g, g FROM generate_series(1, 300) g");
        Pipeline standby = instance("ha_ghost", "standby");
        standby.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> standby.instance().streaming());
        assertThat(standby.instance().term()).isEqualTo(8);
        assertThat(slotHolder("ha_ghost")).isNotEqualTo(ghost);
        awaitConverged("ha_ghost");
    }

    @Test
    void aClientThatIsNoInstanceOfThePipelineKeepsTheSlotAndTheInstanceSaysWhy() throws Exception {
        PG.execute("CREATE TABLE ha_foreign (id int PRIMARY KEY)",
                "CREATE PUBLICATION ha_foreign FOR TABLE ha_foreign WITH (publish_via_partition_root = true)",
                "SELECT pg_create_logical_replication_slot('ha_foreign', 'pgoutput')");
        int foreign = holdSlot("ha_foreign", "pg_recvlogical");
        Pipeline p = instance("ha_foreign", "waiting");
        p.start();
        assertThat(p.instance().state()).isEqualTo(InstanceState.STANDBY);
        assertThat(p.instance().detail()).contains("PID " + foreign).contains("pg_recvlogical").contains("holds no lease");
        assertThat(p.failure()).isEmpty();
        assertThat(slotHolder("ha_foreign")).isEqualTo(foreign);
    }

    @Test
    void withoutHighAvailabilityASecondInstanceIsRefusedNamingTheSlotInUse() throws Exception {
        PG.execute("CREATE TABLE ha_off (id int PRIMARY KEY)",
                "CREATE PUBLICATION ha_off FOR TABLE ha_off WITH (publish_via_partition_root = true)",
                "SELECT pg_create_logical_replication_slot('ha_off', 'pgoutput')");
        holdSlot("ha_off", "doris-cdc ha_off");
        Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password()).slot("ha_off").publication("ha_off")
                .transport("memory").transportSetting("store", "ha_off").route("public.ha_off", "db", "ha_off")
                .highAvailability(false).build());
        assertThatThrownBy(p::start).hasMessageContaining("replication slot ha_off is in use by another connection")
                .hasMessageContaining("ha.enabled: true");
    }

    /** Streams from {@code slot} on a replication connection of its own, as {@code application}; returns its walsender's PID. */
    private int holdSlot(String slot, String application) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", PG.user());
        p.setProperty("password", PG.password());
        p.setProperty("replication", "database");
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("assumeMinServerVersion", "10");
        p.setProperty("ApplicationName", application);
        Connection c = DriverManager.getConnection(PG.jdbcUrl(), p);
        connections.add(c);
        PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(slot).withSlotOption("proto_version", "1").withSlotOption("publication_names", slot)
                .withStatusInterval(1, TimeUnit.SECONDS).start();
        assertThat(stream).isNotNull();
        int pid = c.unwrap(PGConnection.class).getBackendPID();
        await().atMost(Duration.ofSeconds(10)).until(() -> slotHolder(slot) == pid);
        return pid;
    }

    private int slotHolder(String slot) throws Exception {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(active_pid, 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private List<String> instances(String pipeline) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT instance || ' ' || state FROM doris_cdc.instances WHERE pipeline = ? ORDER BY instance")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void awaitConverged(String table) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                assertThat(MemoryTransport.store(table).rows(DorisTableId.of("db", table))).isEqualTo(PgTables.rows(c, table, List.of("id")));
            }
        });
    }
}
