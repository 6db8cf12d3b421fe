package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SHOW CREATE TABLE: the {@code Table} / {@code Create Table} row of apache/doris {@code ShowCreateTableCommand}. */
class ShowCreateTableTest {
    private final Catalog catalog = new Catalog();
    private final SqlEngine sql = new SqlEngine(catalog);

    @BeforeEach
    void database() {
        catalog.createDatabase("d");
    }

    private String createTable(String name) {
        SqlResult r = sql.execute("d", "SHOW CREATE TABLE d." + name);
        assertThat(r.names()).containsExactly("Table", "Create Table");
        assertThat(r.rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("Table", name));
        return (String) r.rows().get(0).get("Create Table");
    }

    @Test
    void aLargeintSequenceTableIsShownWithItsSequenceTypeInProperties() {
        sql.execute("d", "CREATE TABLE t (`k` BIGINT NOT NULL, `v` VARCHAR(10) DEFAULT \"x\", `at` DATETIME(6)) UNIQUE KEY(`k`) "
                + "DISTRIBUTED BY HASH(`k`) BUCKETS AUTO PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", "
                + "\"function_column.sequence_type\" = \"largeint\")");
        assertThat(createTable("t")).isEqualTo("""
                CREATE TABLE `t` (
                  `k` bigint NOT NULL,
                  `v` varchar(10) NULL DEFAULT "x",
                  `at` datetime(6) NULL
                ) ENGINE=OLAP
                UNIQUE KEY(`k`)
                PROPERTIES (
                "enable_unique_key_merge_on_write" = "true",
                "function_column.sequence_type" = "largeint"
                );""");
    }

    @Test
    void theSequenceTypeIsTheLowerCasePrimitiveTypeName() {
        sql.execute("d", "CREATE TABLE old (k INT) UNIQUE KEY(k) PROPERTIES (\"function_column.sequence_type\" = \"BIGINT\")");
        sql.execute("d", "CREATE TABLE dt (k INT) UNIQUE KEY(k) PROPERTIES (\"function_column.sequence_type\" = \"datetimev2\")");
        assertThat(createTable("old")).contains("\"function_column.sequence_type\" = \"bigint\"");
        assertThat(createTable("dt")).contains("\"function_column.sequence_type\" = \"datetimev2(0)\"");
    }

    @Test
    void aMappedSequenceShowsTheColumnAndATableWithoutSequenceShowsNone() {
        sql.execute("d", "CREATE TABLE m (k INT, lsn LARGEINT) UNIQUE KEY(k) PROPERTIES (\"function_column.sequence_col\" = \"lsn\")");
        sql.execute("d", "CREATE TABLE plain (k INT) UNIQUE KEY(k) PROPERTIES (\"replication_num\" = \"1\")");
        assertThat(createTable("m")).contains("\"function_column.sequence_col\" = \"lsn\"").doesNotContain("sequence_type");
        assertThat(createTable("plain")).contains("\"replication_num\" = \"1\",\n\"enable_unique_key_merge_on_write\" = \"true\"\n);")
                .doesNotContain("function_column");
    }

    @Test
    void theStatementCreatesTheSameTableAgain() {
        sql.execute("d", "CREATE TABLE t (k BIGINT, s STRING, n INT DEFAULT \"3\") UNIQUE KEY(k) "
                + "PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        String original = createTable("t");
        sql.execute("d", "DROP TABLE t");
        sql.execute("d", original);
        assertThat(catalog.table("d", "t").orElseThrow().schema().hiddenSequenceType().kind()).isEqualTo(ColumnType.Kind.LARGEINT);
        assertThat(createTable("t")).isEqualTo(original);
    }

    @Test
    void anUnknownTableFailsAsInDescAndSelect() {
        assertThatThrownBy(() -> sql.execute("d", "SHOW CREATE TABLE nope")).isInstanceOf(SqlException.class)
                .hasMessage("Unknown table 'nope'");
        assertThatThrownBy(() -> sql.execute("d", "SHOW CREATE TABLE other.nope")).hasMessage("Unknown database 'other'");
    }
}
