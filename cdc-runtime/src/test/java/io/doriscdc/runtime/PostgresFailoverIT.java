package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PgServers;
import io.doriscdc.testsupport.PostgresTest;
import io.doriscdc.testsupport.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failover of PostgreSQL 17+ under write load: the pipeline's failover slot is synced to a
 * physical standby ({@code sync_replication_slots}), the standby is promoted and the old primary
 * crashes ({@code pg_ctl stop -m immediate}); the pipeline, given both servers with
 * {@code targetServerType=primary}, finds the promoted standby, resumes from the synced slot, and
 * Doris ends equal to the new primary's table, row by row. Writes the old primary took that the
 * standby never received are lost by PostgreSQL itself; {@code synchronized_standby_slots} keeps
 * them out of Doris too, so the comparison is with the new primary.
 */
@PostgresTest
class PostgresFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresFailoverIT.class);
    private static final String SLOT = "failover_it";
    private static final Duration AWAIT = Duration.ofSeconds(Long.getLong("awaitSeconds", 180));

    static ReplicatedPostgres pg;
    static DorisEmulator emu;

    @BeforeEach
    void start() throws Exception {
        // here rather than in @BeforeAll, so that the run reports the test as skipped, with this message
        assumeTrue(PgServers.requestedMajor() >= 17, "failover slots (sync_replication_slots) need PostgreSQL 17+; this run uses PostgreSQL "
                + PgServers.requestedMajor() + " (-Dpg.version); on 14 to 16 a failover loses the slot (docs/operations.md)");
        pg = ReplicatedPostgres.start();
        pg.executePrimary("postgres", "CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, note text)",
                "INSERT INTO orders SELECT g, g % 7, 'before the pipeline ' || g FROM generate_series(1, 500) g");
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

    @Test
    void thePipelineResumesOnThePromotedStandbyFromTheSyncedSlotAndDorisEqualsTheNewPrimary() throws Exception {
        PipelineConfig config = PipelineConfig.builder()
                .postgres(pg.failoverUrl("postgres")).user(pg.user()).password(pg.password())
                .slot(SLOT).publication(SLOT)
                .route("public.orders", "db", "orders")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "json")
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .build();
        Writer writer = new Writer(pg.failoverUrl("postgres"), pg.standbyPort());
        Thread writing = new Thread(writer, "failover-it-writer");
        try (Pipeline p = Pipeline.create(config)) {
            p.start();
            assertThat(p.slotFailover().state()).as("%s", p.slotFailover()).isEqualTo(SlotFailover.State.FAILOVER);
            writing.start();
            awaitCommits(writer, 300, false);
            pg.awaitSyncedSlot(SLOT, AWAIT);
            awaitCommits(writer, writer.commits.get() + 300, false); // the synced slot moves on under load

            pg.promoteStandby();
            long atPromotion = writer.commits.get();
            pg.stopPrimaryImmediately();
            long stoppedAt = System.nanoTime();
            // what the old primary committed meanwhile never reached the standby: lost by PostgreSQL, and kept out of Doris
            LOG.info("the old primary committed {} transactions between the promotion and its crash", writer.commits.get() - atPromotion);
            try (Connection c = pg.connectStandby("postgres"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO orders VALUES (-1, 0, 'first write on the promoted standby') ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note");
            }
            await().atMost(AWAIT).pollInterval(Duration.ofMillis(100)).until(() -> emu.table("db", "orders").rows().stream()
                    .anyMatch(r -> Integer.valueOf(-1).equals(toInt(r.get("id")))));
            long resumedMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            LOG.info("the pipeline delivered the promoted standby's first write {} ms after the old primary stopped", resumedMs);

            awaitCommits(writer, writer.commitsOnNewPrimary.get() + 300, true);
            writer.stop = true;
            writing.join(Duration.ofSeconds(60).toMillis());
            assertThat(writing.isAlive()).as("the writer stopped").isFalse();

            await().atMost(AWAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                try (Connection c = pg.connectStandby("postgres")) {
                    var postgres = EmulatorTables.postgres(c, "orders", "id");
                    var doris = EmulatorTables.doris(emu, "db", "orders", "id");
                    assertThat(doris).withFailMessage(() -> EmulatorTables.differences(postgres, doris)).isEqualTo(postgres);
                }
            });
            assertThat(syncedFlagOnNewPrimary()).as("the pipeline reads the slot synced from the old primary, not a new one").isTrue();
            assertThat(p.failure()).isEmpty();
            assertThat(p.slotFailover().survivesFailover()).as("%s", p.slotFailover()).isTrue();
            LOG.info("writer: {} commits, {} on the promoted standby, {} failed attempts across the failover", writer.commits.get(),
                    writer.commitsOnNewPrimary.get(), writer.failures.get());
        } finally {
            writer.stop = true;
            writing.join(Duration.ofSeconds(60).toMillis());
        }
    }

    /** {@code pg_replication_slots.synced} of the slot on the promoted standby: left true on a slot that was synced to it. */
    private static boolean syncedFlagOnNewPrimary() throws SQLException {
        try (Connection c = pg.connectStandby("postgres");
             PreparedStatement ps = c.prepareStatement("SELECT synced AND failover FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void awaitCommits(Writer writer, long commits, boolean onNewPrimary) {
        await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (writer.failure != null) {
                throw new AssertionError("the writer failed", writer.failure);
            }
            return (onNewPrimary ? writer.commitsOnNewPrimary.get() : writer.commits.get()) >= commits;
        });
    }

    private static Integer toInt(Object v) {
        return v == null ? null : Integer.valueOf(v.toString());
    }

    /**
     * Small transactions of upserts, updates and deletes over 3000 keys, through the multi-host URL:
     * a lost connection (the failover) is opened again and the transaction retried with new values.
     */
    private static final class Writer implements Runnable {
        private final String url;
        private final int newPrimaryPort;
        final AtomicLong commits = new AtomicLong();
        final AtomicLong commitsOnNewPrimary = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile boolean stop;
        volatile Throwable failure;

        Writer(String url, int newPrimaryPort) {
            this.url = url;
            this.newPrimaryPort = newPrimaryPort;
        }

        @Override
        public void run() {
            Random random = new Random(18);
            Connection c = null;
            int port = 0;
            try {
                while (!stop) {
                    try {
                        if (c == null) {
                            Properties props = new Properties();
                            props.setProperty("user", "postgres");
                            props.setProperty("connectTimeout", "5");
                            c = DriverManager.getConnection(url, props);
                            port = queryPort(c);
                            c.setAutoCommit(false);
                        }
                        try (Statement st = c.createStatement()) {
                            for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
                                int id = random.nextInt(3000);
                                switch (random.nextInt(6)) {
                                    case 0, 1, 2 -> st.execute("INSERT INTO orders VALUES (" + id + ", " + random.nextInt(100) + ", 'w" + commits.get()
                                            + "') ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty, note = EXCLUDED.note");
                                    case 3 -> st.execute("UPDATE orders SET qty = qty + 1 WHERE id = " + id);
                                    case 4 -> st.execute("DELETE FROM orders WHERE id = " + id);
                                    default -> st.execute("UPDATE orders SET note = repeat('n', " + random.nextInt(200) + ") WHERE id = " + id);
                                }
                            }
                        }
                        c.commit();
                        commits.incrementAndGet();
                        if (port == newPrimaryPort) {
                            commitsOnNewPrimary.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        failures.incrementAndGet();
                        closeQuietly(c);
                        c = null;
                        Thread.sleep(50); // a backoff before connecting again during the failover
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                closeQuietly(c);
            }
        }

        private static int queryPort(Connection c) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private static void closeQuietly(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // the connection is gone already
                }
            }
        }
    }
}
