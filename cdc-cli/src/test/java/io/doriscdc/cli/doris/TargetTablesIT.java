package io.doriscdc.cli.doris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
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
    void aMissingTableIsCreatedWithTheKeyAndEveryColumn() {
        TargetTables.create(sql, DorisTableId.of("shop", "fresh"), COLUMNS);
        assertThat(emu.table("shop", "fresh").columns()).contains("id", "name");
        TargetTables.create(sql, DorisTableId.of("shop", "fresh"), COLUMNS); // exists now: checked, fits
    }

    @Test
    void anExistingTableWithoutAColumnIsRefusedNamingIt() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.narrow (id BIGINT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"bigint\")");
        assertThatThrownBy(() -> TargetTables.create(sql, DorisTableId.of("shop", "narrow"), COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shop.narrow exists but does not fit")
                .hasMessageContaining("missing column(s) [name]");
    }

    @Test
    void anExistingTableKeyedOnOtherColumnsIsRefused() {
        sql.execute("shop", "CREATE DATABASE IF NOT EXISTS shop");
        sql.execute("shop", "CREATE TABLE shop.rekeyed (name VARCHAR(20), id BIGINT) UNIQUE KEY(name) DISTRIBUTED BY HASH(name) BUCKETS 1 "
                + "PROPERTIES (\"function_column.sequence_type\" = \"bigint\")");
        assertThatThrownBy(() -> TargetTables.create(sql, DorisTableId.of("shop", "rekeyed"), COLUMNS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[id] are the PostgreSQL key but not in the Doris UNIQUE KEY");
    }
}
