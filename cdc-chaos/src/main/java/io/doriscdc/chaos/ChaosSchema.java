package io.doriscdc.chaos;

import static io.doriscdc.chaos.Family.ARRAY;
import static io.doriscdc.chaos.Family.BOOL;
import static io.doriscdc.chaos.Family.DATE;
import static io.doriscdc.chaos.Family.DECIMAL;
import static io.doriscdc.chaos.Family.FLOAT4;
import static io.doriscdc.chaos.Family.FLOAT8;
import static io.doriscdc.chaos.Family.INT;
import static io.doriscdc.chaos.Family.JSON;
import static io.doriscdc.chaos.Family.TEXT;
import static io.doriscdc.chaos.Family.TIME;
import static io.doriscdc.chaos.Family.TIMESTAMP;
import static io.doriscdc.chaos.Family.TIMESTAMPTZ;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.doriscdc.emulator.DorisEmulator;

/**
 * The tables of a chaos run, in PostgreSQL and in Doris (types as {@code DorisTypes} maps them; see
 * docs/operations.md). Stateless.
 *
 * <ul>
 * <li>{@code accounts}: the busy OLTP table (upserts, key changes, COPY, bulk and streamed transactions)</li>
 * <li>{@code composite}: a three-column key, parts of which change</li>
 * <li>{@code edge_types}: every mapped type family, written with values at its edges</li>
 * <li>{@code toasty}: text, bytea, jsonb and array values over 2 KB stored EXTERNAL, updated by statements that do not touch them</li>
 * <li>{@code ri_full_pk}: a primary key and REPLICA IDENTITY FULL</li>
 * <li>{@code ri_index}: no primary key, a unique index on a NOT NULL column as REPLICA IDENTITY (its column is the Doris key)</li>
 * <li>{@code trunc_target}: a small table that is TRUNCATEd now and then</li>
 * <li>{@code parted}: partitioned by LIST (region), its {@code us} partition by RANGE (id): partitions
 * are attached, detached, created and dropped while it is written ({@link PartitionChurn})</li>
 * </ul>
 */
final class ChaosSchema {

    static final String DORIS_DB = "chaos";

    static final TableDef ACCOUNTS = new TableDef("accounts", List.of(
            col("id", "int8", "BIGINT", INT), col("owner_id", "int4", "INT", INT), col("balance", "numeric(38,10)", "DECIMAL(38,10)", DECIMAL),
            col("note", "text", "STRING", TEXT), col("updated", "timestamptz", "DATETIME(6)", TIMESTAMPTZ), col("flags", "int2", "SMALLINT", INT)),
            List.of("id"), true, List.of());

    static final TableDef COMPOSITE = new TableDef("composite", List.of(
            col("tenant", "int4", "INT", INT), col("code", "varchar(40)", "VARCHAR(160)", TEXT), col("seq", "int4", "INT", INT),
            col("descr", "text", "STRING", TEXT), col("amount", "int8", "BIGINT", INT)),
            List.of("tenant", "code", "seq"), true, List.of());

    static final TableDef EDGE_TYPES = new TableDef("edge_types", List.of(
            col("id", "int4", "INT", INT),
            col("b", "bool", "BOOLEAN", BOOL),
            col("i2", "int2", "SMALLINT", INT), col("i4", "int4", "INT", INT), col("i8", "int8", "BIGINT", INT),
            col("n38", "numeric(38,10)", "DECIMAL(38,10)", DECIMAL), col("n38s0", "numeric(38,0)", "DECIMAL(38,0)", DECIMAL),
            col("n52", "numeric(5,2)", "DECIMAL(5,2)", DECIMAL), col("nfree", "numeric", "STRING", DECIMAL),
            col("f4", "float4", "FLOAT", FLOAT4), col("f8", "float8", "DOUBLE", FLOAT8),
            col("d", "date", "DATE", DATE), col("ts", "timestamp", "DATETIME(6)", TIMESTAMP), col("ts0", "timestamp(0)", "DATETIME(0)", TIMESTAMP),
            col("tstz", "timestamptz", "DATETIME(6)", TIMESTAMPTZ), col("tm", "time", "STRING", TIME),
            col("tx", "text", "STRING", TEXT), col("vc", "varchar(10)", "VARCHAR(40)", TEXT), col("bin", "bytea", "STRING", TEXT),
            col("u", "uuid", "VARCHAR(36)", TEXT), col("j", "jsonb", "JSON", JSON),
            col("ai", "int4[]", "ARRAY<INT>", ARRAY), col("a8", "int8[]", "ARRAY<BIGINT>", ARRAY), col("atext", "text[]", "ARRAY<STRING>", ARRAY)),
            List.of("id"), true, List.of());

    static final TableDef TOASTY = new TableDef("toasty", List.of(
            col("id", "int4", "INT", INT), col("counter", "int4", "INT", INT), col("t", "text", "STRING", TEXT),
            col("b", "bytea", "STRING", TEXT), col("j", "jsonb", "JSON", JSON), col("a", "text[]", "ARRAY<STRING>", ARRAY)),
            List.of("id"), true, List.of(
                    "ALTER TABLE toasty ALTER COLUMN t SET STORAGE EXTERNAL", "ALTER TABLE toasty ALTER COLUMN b SET STORAGE EXTERNAL",
                    "ALTER TABLE toasty ALTER COLUMN j SET STORAGE EXTERNAL", "ALTER TABLE toasty ALTER COLUMN a SET STORAGE EXTERNAL"));

    static final TableDef RI_FULL_PK = new TableDef("ri_full_pk", List.of(
            col("id", "int4", "INT", INT), col("v", "text", "STRING", TEXT), col("n", "int4", "INT", INT)),
            List.of("id"), true, List.of("ALTER TABLE ri_full_pk REPLICA IDENTITY FULL"));

    static final TableDef RI_INDEX = new TableDef("ri_index", List.of(
            col("a", "int4", "INT", INT), col("b", "varchar(32)", "VARCHAR(128)", TEXT), col("c", "int8", "BIGINT", INT)),
            List.of("a"), false, List.of("ALTER TABLE ri_index ALTER COLUMN a SET NOT NULL", "CREATE UNIQUE INDEX ri_index_a ON ri_index (a)",
                    "ALTER TABLE ri_index REPLICA IDENTITY USING INDEX ri_index_a"));

    static final TableDef TRUNC_TARGET = new TableDef("trunc_target", List.of(
            col("id", "int4", "INT", INT), col("v", "text", "STRING", TEXT), col("w", "int4", "INT", INT)),
            List.of("id"), true, List.of());

    static final TableDef PARTED = new TableDef("parted", List.of(
            col("region", "text", "VARCHAR(32)", TEXT), col("id", "int8", "BIGINT", INT), col("v", "int4", "INT", INT),
            col("note", "text", "STRING", TEXT)),
            List.of("region", "id"), true, PartitionChurn.initialPartitions(), "LIST (region)");

    static final List<TableDef> TABLES = List.of(ACCOUNTS, COMPOSITE, EDGE_TYPES, TOASTY, RI_FULL_PK, RI_INDEX, TRUNC_TARGET, PARTED);

    static final Map<String, TableDef> BY_NAME = TABLES.stream().collect(Collectors.toMap(TableDef::name, Function.identity()));

    private ChaosSchema() {
    }

    /**
     * Creates the tables in PostgreSQL and Doris, and makes the database's walsenders stream large
     * transactions early ({@code logical_decoding_work_mem = 64kB} for this database only).
     */
    static void create(Connection pg, String pgDatabase, DorisEmulator emu) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute("ALTER DATABASE \"" + pgDatabase.replace("\"", "\"\"") + "\" SET logical_decoding_work_mem = '64kB'");
            for (TableDef t : TABLES) {
                st.execute(t.pgDdl());
                for (String extra : t.pgExtra()) {
                    st.execute(extra);
                }
            }
        }
        emu.sql(DORIS_DB, "CREATE DATABASE IF NOT EXISTS " + DORIS_DB);
        for (TableDef t : TABLES) {
            emu.sql(DORIS_DB, t.dorisDdl(DORIS_DB));
        }
    }

    private static ColumnDef col(String name, String pgType, String dorisType, Family family) {
        return new ColumnDef(name, pgType, dorisType, family);
    }
}
