package io.doriscdc.runtime.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.emulator.DorisEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Target tables are created from the PostgreSQL columns, and an existing one is checked instead (Doris SQL endpoint of the emulator). */
class TargetTablesIT {

    static DorisEmulator emu;
    static Transport transport;
    static SqlEndpoint sql;

    private static final List<PgColumn> COLUMNS = List.of(
            new PgColumn("id", "int8", "bigint", 'N', true, true),
            new PgColumn("name", "text", "text", 'S', false, false));

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
        transport = Transports.load("streamload").create(TransportConfig.of(Map.of("fe", "127.0.0.1:" + emu.feHttpPort())), PipelineListener.NONE);
        sql = transport.sql().orElseThrow();
    }

    @AfterAll
    static void stop() {
        transport.close();
        emu.close();
    }

    @Test
    void aMissingTableIsCreatedWithTheKeyEveryColumnAndALargeintSequence() {
        TargetTables.create(sql, DorisTableId.of("shop", "fresh"), COLUMNS);
        assertThat(emu.table("shop", "fresh").columns()).contains("id", "name");
        assertThat(sql.execute("shop", "SHOW CREATE TABLE shop.fresh")).singleElement()
                .satisfies(r -> assertThat(String.valueOf(r.get("Create Table"))).contains("\"function_column.sequence_type\" = \"largeint\""));
        TargetTables.create(sql, DorisTableId.of("shop", "fresh"), COLUMNS); // exists now: checked, fits
    }

    @Test
    void aTableWithTheBigintSequenceOfVersion01IsRefusedWithTheMigration() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.old (id BIGINT NOT NULL, name STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"bigint\")");
        DorisTableId target = DorisTableId.of("shop", "old");
        assertThatThrownBy(() -> TargetTables.create(sql, TableId.of("public", "old"), target, COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Doris table shop.old has a BIGINT sequence column (\"function_column.sequence_type\" = \"bigint\", "
                        + "as doris-cdc 0.1 created it), but doris-cdc needs a hidden LARGEINT one")
                .hasMessageContaining("DROP TABLE `shop`.`old`;")
                .hasMessageContaining(TargetTables.ddl(target, COLUMNS) + ";")
                .hasMessageContaining("doris-cdc sync --config <pipeline.yaml> --table public.old");
    }

    @Test
    void theMigrationStatementsMakeTheTableFit() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.migrated (id BIGINT NOT NULL, name STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"bigint\")");
        DorisTableId target = DorisTableId.of("shop", "migrated");
        assertThatThrownBy(() -> TargetTables.create(sql, target, COLUMNS)).hasMessageContaining("--table <schema.table>");
        sql.execute("shop", "DROP TABLE " + target.toSql());
        sql.execute("shop", TargetTables.ddl(target, COLUMNS));
        TargetTables.create(sql, TableId.of("public", "migrated"), target, COLUMNS); // fits now
    }

    @Test
    void aTableWithoutSequenceColumnIsRefused() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.unordered (id BIGINT NOT NULL, name STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        assertThatThrownBy(() -> TargetTables.create(sql, TableId.of("public", "unordered"), DorisTableId.of("shop", "unordered"), COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Doris table shop.unordered has no sequence column, but doris-cdc needs a hidden LARGEINT one");
    }

    @Test
    void anExistingTableWithoutAColumnIsRefusedNamingIt() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.narrow (id BIGINT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        assertThatThrownBy(() -> TargetTables.create(sql, DorisTableId.of("shop", "narrow"), COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shop.narrow exists but does not fit")
                .hasMessageContaining("missing column(s) [name]");
    }

    @Test
    void anExistingTableKeyedOnOtherColumnsIsRefused() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.rekeyed (name VARCHAR(20), id BIGINT) UNIQUE KEY(name) DISTRIBUTED BY HASH(name) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        assertThatThrownBy(() -> TargetTables.create(sql, DorisTableId.of("shop", "rekeyed"), COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[id] are the PostgreSQL key but not in the Doris UNIQUE KEY");
    }
}
