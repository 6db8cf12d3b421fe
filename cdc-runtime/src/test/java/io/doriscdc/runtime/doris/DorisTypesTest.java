package io.doriscdc.runtime.doris;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DorisTypesTest {

    private static String doris(String typname, String formatted) {
        return DorisTypes.of(new PgColumn("c", typname, formatted, 'X', false, false));
    }

    private static String dorisKey(String typname, String formatted) {
        return DorisTypes.of(new PgColumn("c", typname, formatted, 'X', true, true));
    }

    @Test
    void integersKeepTheirWidth() {
        assertThat(doris("int2", "smallint")).isEqualTo("SMALLINT");
        assertThat(doris("int4", "integer")).isEqualTo("INT");
        assertThat(doris("int8", "bigint")).isEqualTo("BIGINT");
        assertThat(doris("oid", "oid")).isEqualTo("BIGINT");
    }

    @Test
    void booleanIsBoolean() {
        assertThat(doris("bool", "boolean")).isEqualTo("BOOLEAN");
    }

    @Test
    void floatsMapToFloatAndDouble() {
        assertThat(doris("float4", "real")).isEqualTo("FLOAT");
        assertThat(doris("float8", "double precision")).isEqualTo("DOUBLE");
    }

    @Test
    void numericWithPrecisionBecomesDecimalAndWithoutItStaysExactText() {
        assertThat(doris("numeric", "numeric(12,2)")).isEqualTo("DECIMAL(12,2)");
        assertThat(doris("numeric", "numeric(10)")).isEqualTo("DECIMAL(10,0)");
        assertThat(doris("numeric", "numeric(38,10)")).isEqualTo("DECIMAL(38,10)");
        assertThat(doris("numeric", "numeric(50,2)")).isEqualTo("STRING");
        assertThat(doris("numeric", "numeric")).isEqualTo("STRING");
        assertThat(doris("money", "money")).isEqualTo("DECIMAL(19,2)");
    }

    @Test
    void datesAndTimestampsMapToDateAndDatetimeWithMicroseconds() {
        assertThat(doris("date", "date")).isEqualTo("DATE");
        assertThat(doris("timestamp", "timestamp without time zone")).isEqualTo("DATETIME(6)");
        assertThat(doris("timestamp", "timestamp(3) without time zone")).isEqualTo("DATETIME(3)");
        assertThat(doris("timestamptz", "timestamp with time zone")).isEqualTo("DATETIME(6)");
        assertThat(doris("timestamptz", "timestamp(0) with time zone")).isEqualTo("DATETIME(0)");
    }

    @Test
    void timesAndIntervalsAreText() {
        assertThat(doris("time", "time without time zone")).isEqualTo("STRING");
        assertThat(doris("timetz", "time with time zone")).isEqualTo("STRING");
        assertThat(doris("interval", "interval")).isEqualTo("STRING");
    }

    @Test
    void charactersCountFourBytesEachBecauseDorisLengthsAreBytes() {
        assertThat(doris("varchar", "character varying(200)")).isEqualTo("VARCHAR(800)");
        assertThat(doris("varchar", "character varying")).isEqualTo("STRING");
        assertThat(doris("varchar", "character varying(20000)")).isEqualTo("STRING");
        assertThat(doris("bpchar", "character(10)")).isEqualTo("CHAR(40)");
        assertThat(doris("bpchar", "character(100)")).isEqualTo("VARCHAR(400)");
        assertThat(doris("text", "text")).isEqualTo("STRING");
    }

    @Test
    void textKeysBecomeVarcharBecauseDorisRefusesStringKeys() {
        assertThat(dorisKey("text", "text")).isEqualTo("VARCHAR(65533)");
        assertThat(dorisKey("varchar", "character varying")).isEqualTo("VARCHAR(65533)");
        assertThat(dorisKey("int8", "bigint")).isEqualTo("BIGINT");
    }

    @Test
    void uuidAndNetworkTypesAreShortVarchars() {
        assertThat(doris("uuid", "uuid")).isEqualTo("VARCHAR(36)");
        assertThat(doris("inet", "inet")).isEqualTo("VARCHAR(64)");
        assertThat(doris("cidr", "cidr")).isEqualTo("VARCHAR(64)");
        assertThat(doris("macaddr", "macaddr")).isEqualTo("VARCHAR(64)");
    }

    @Test
    void jsonAndJsonbAreJson() {
        assertThat(doris("json", "json")).isEqualTo("JSON");
        assertThat(doris("jsonb", "jsonb")).isEqualTo("JSON");
    }

    @Test
    void arraysMapTheirElementType() {
        assertThat(DorisTypes.of(new PgColumn("c", "_int4", "integer[]", 'A', false, false))).isEqualTo("ARRAY<INT>");
        assertThat(DorisTypes.of(new PgColumn("c", "_text", "text[]", 'A', false, false))).isEqualTo("ARRAY<STRING>");
    }

    @Test
    void enumsByteaAndUnknownTypesAreText() {
        assertThat(DorisTypes.of(new PgColumn("c", "mood", "mood", 'E', false, false))).isEqualTo("STRING");
        assertThat(doris("bytea", "bytea")).isEqualTo("STRING");
        assertThat(doris("xml", "xml")).isEqualTo("STRING");
    }

    @Test
    void generatedDdlPutsKeysFirstAndMakesOtherColumnsNullableForDeleteRows() {
        String ddl = TargetTables.ddl(io.doriscdc.api.DorisTableId.of("shop", "lines"), java.util.List.of(
                new PgColumn("order_id", "int8", "bigint", 'N', true, true),
                new PgColumn("line", "int4", "integer", 'N', true, true),
                new PgColumn("sku", "varchar", "character varying(32)", 'S', true, false)));
        assertThat(ddl).contains("`order_id` BIGINT NOT NULL,\n  `line` INT NOT NULL,\n  `sku` VARCHAR(128) NULL")
                .contains("UNIQUE KEY(`order_id`, `line`)")
                .contains("\"enable_unique_key_merge_on_write\" = \"true\"")
                .contains("\"function_column.sequence_type\" = \"largeint\"");
    }
}
