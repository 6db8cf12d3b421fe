package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.doriscdc.api.TableId;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 findings 12, 13, 15 and 17 while the pipeline runs ({@code PublicationWatch}): a row
 * filter or a column list added to the publication, an operation no longer published, a leaf made
 * UNLOGGED stop the affected table with the change and the fix while the others stream on;
 * {@code doris_cdc.commands} taken out of the publication is put back, and SQL commands work again.
 */
@PostgresTest
class PublicationWatchIT {

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

    private static PipelineConfig.Builder pipeline(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot).sqlControlPlane(true).highAvailability(false)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1));
    }

    private static void tables(String... names) throws Exception {
        for (String n : names) {
            PG.execute("CREATE TABLE " + n + " (id int PRIMARY KEY, v text)", "INSERT INTO " + n + " SELECT g, 'a' FROM generate_series(1, 20) g");
            FailedTableHoldIT.dorisTable(emu, n, "id INT, v STRING", "id");
        }
    }

    @Test
    void aRowFilterOrAColumnListAddedWhileRunningStopsThatTable() throws Exception {
        assumeTrue(PG.majorVersion() >= 15, "row filters and column lists exist from PostgreSQL 15");
        tables("pw_filtered", "pw_listed", "pw_whole");
        try (Pipeline p = Pipeline.create(pipeline("pwsubset").route("public.pw_filtered", "db", "pw_filtered")
                .route("public.pw_listed", "db", "pw_listed").route("public.pw_whole", "db", "pw_whole").build())) {
            p.start();
            awaitEqual("pw_whole");
            PG.execute("ALTER PUBLICATION pwsubset SET TABLE pw_filtered WHERE (id > 10), pw_listed (id), pw_whole, doris_cdc.commands");
            PG.execute("UPDATE pw_filtered SET v = 'b'", "UPDATE pw_listed SET v = 'b'");
            await().atMost(Duration.ofMinutes(1)).until(() -> state(p, "pw_filtered") == TableState.FAILED
                    && state(p, "pw_listed") == TableState.FAILED);
            assertThat(error(p, "pw_filtered")).contains("public.pw_filtered").contains("row filter WHERE (id > 10)")
                    .contains("SET TABLE").contains("doris_cdc.sync_table('public.pw_filtered')");
            assertThat(error(p, "pw_listed")).contains("a column list").contains("accept-publication-subsets");
            PG.execute("INSERT INTO pw_whole SELECT g, 'later' FROM generate_series(21, 40) g");
            awaitEqual("pw_whole");
            assertThat(state(p, "pw_whole")).isEqualTo(TableState.STREAMING);
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void anOperationNoLongerPublishedStopsTheTables() throws Exception {
        tables("pw_ops");
        try (Pipeline p = Pipeline.create(pipeline("pwops").route("public.pw_ops", "db", "pw_ops").build())) {
            p.start();
            awaitEqual("pw_ops");
            PG.execute("ALTER PUBLICATION pwops SET (publish = 'insert')", "DELETE FROM pw_ops WHERE id < 5");
            await().atMost(Duration.ofMinutes(1)).until(() -> state(p, "pw_ops") == TableState.FAILED);
            assertThat(error(p, "pw_ops")).contains("no longer publishes update, delete")
                    .contains("SET (publish = 'insert, update, delete, truncate')").contains("doris-cdc sync --table public.pw_ops");
        }
    }

    @Test
    void aLeafMadeUnloggedStopsItsTable() throws Exception {
        PG.execute("CREATE TABLE pw_parted (id int PRIMARY KEY, v text) PARTITION BY RANGE (id)",
                "CREATE TABLE pw_parted_low PARTITION OF pw_parted FOR VALUES FROM (0) TO (100)",
                "CREATE TABLE pw_parted_high PARTITION OF pw_parted FOR VALUES FROM (100) TO (1000)",
                "INSERT INTO pw_parted SELECT g, 'a' FROM generate_series(1, 200) g");
        FailedTableHoldIT.dorisTable(emu, "pw_parted", "id INT, v STRING", "id");
        tables("pw_logged");
        try (Pipeline p = Pipeline.create(pipeline("pwunlogged").route("public.pw_parted", "db", "pw_parted")
                .route("public.pw_logged", "db", "pw_logged").build())) {
            p.start();
            awaitEqual("pw_parted");
            PG.execute("ALTER TABLE pw_parted_high SET UNLOGGED", "UPDATE pw_parted SET v = 'lost' WHERE id >= 100");
            await().atMost(Duration.ofMinutes(1)).until(() -> state(p, "pw_parted") == TableState.FAILED);
            assertThat(error(p, "pw_parted")).contains("public.pw_parted_high, a partition of public.pw_parted is UNLOGGED")
                    .contains("ALTER TABLE \"public\".\"pw_parted_high\" SET LOGGED");
            PG.execute("UPDATE pw_logged SET v = 'b'");
            awaitEqual("pw_logged");
            assertThat(state(p, "pw_logged")).isEqualTo(TableState.STREAMING);
        }
    }

    @Test
    void theCommandsTableTakenOutOfThePublicationIsPutBack() throws Exception {
        tables("pw_cmd", "pw_cmd_added");
        try (Pipeline p = Pipeline.create(pipeline("pwcmd").route("public.pw_cmd", "db", "pw_cmd").build())) {
            p.start();
            awaitEqual("pw_cmd");
            PG.execute("ALTER PUBLICATION pwcmd SET TABLE pw_cmd"); // as the pipeline's own error advises, without doris_cdc.commands
            await().atMost(Duration.ofMinutes(1)).until(() -> commandsPublished("pwcmd"));
            PG.execute("SELECT doris_cdc.add_table('public.pw_cmd_added', 'db', 'pw_cmd_added', 'pwcmd')",
                    "UPDATE pw_cmd_added SET v = 'after' WHERE id < 3");
            awaitEqual("pw_cmd_added");
            assertThat(p.failure()).isEmpty();
        }
    }

    private static boolean commandsPublished(String pub) throws Exception {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication_tables"
                + " WHERE pubname = ? AND schemaname = 'doris_cdc' AND tablename = 'commands'")) {
            ps.setString(1, pub);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static TableState state(Pipeline p, String table) {
        return p.status().stream().filter(s -> s.route().source().equals(TableId.of("public", table))).map(TableStatus::state)
                .findFirst().orElse(null);
    }

    private static String error(Pipeline p, String table) {
        return p.status().stream().filter(s -> s.route().source().equals(TableId.of("public", table))).map(TableStatus::lastError)
                .findFirst().orElse(null);
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
