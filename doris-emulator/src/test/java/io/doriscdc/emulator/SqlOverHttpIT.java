package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Addendum: SQL over HTTP on the FE (CREATE/ALTER/TRUNCATE/SELECT) and the Java sql() API. */
class SqlOverHttpIT extends EmulatorITBase {

    // Addendum: POST /api/query/default_cluster/{db}, {"msg","code","data","count"} envelope
    @Test
    void ddlAndSelectThroughHttp() throws Exception {
        assertThat(http.sql("db", "CREATE TABLE `we``ird` (`k` BIGINT, `d` DATE, `j` JSON, `a` ARRAY<INT>, `b` BOOLEAN) "
                + "UNIQUE KEY(`k`) DISTRIBUTED BY HASH(`k`) BUCKETS AUTO PROPERTIES (\"replication_num\" = \"1\")"))
                .containsEntry("code", 0);
        http.beLoad("db", "we%60ird", json("q1"), "{\"k\":1,\"d\":\"2024-02-29\",\"j\":{\"x\":[1,2]},\"a\":[1,2],\"b\":true}");
        Map<String, Object> sel = http.sql("db", "SELECT * FROM `we``ird`");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) sel.get("data");
        assertThat(data).containsEntry("type", "result_set");
        assertThat(data.get("data")).isEqualTo(List.of(List.of(1, "2024-02-29", "{\"x\":[1,2]}", "[1,2]", true)));
        assertThat(http.sql("db", "SELECT COUNT(*) FROM `we``ird`").toString()).contains("[[1]]");
        Map<String, Object> err = http.sql("db", "SELECT * FROM missing");
        assertThat(err).containsEntry("code", 1);
        assertThat((String) err.get("msg")).startsWith("Failed to execute sql: ").contains("Unknown table 'missing'");
    }

    // Addendum: light schema change ADD/DROP COLUMN on merge-on-write, TRUNCATE, DROP TABLE
    @Test
    void alterTruncateDrop() throws Exception {
        http.beLoad("db", "plain", json("a1"), "{\"id\":1,\"v\":\"a\",\"n\":1}");
        emu.sql("db", "ALTER TABLE plain ADD COLUMN extra INT DEFAULT \"7\" AFTER v, DROP COLUMN n");
        assertThat(emu.table("db", "plain").columns()).containsExactly("id", "v", "extra");
        assertThat(emu.table("db", "plain").rows()).containsExactly(Map.of("id", 1L, "v", "a", "extra", 7L));
        assertThat(emu.sql("db", "SELECT COUNT(*) FROM db.plain")).containsExactly(Map.of("count(*)", 1L));
        emu.sql("db", "TRUNCATE TABLE plain");
        assertThat(emu.table("db", "plain").rowCount()).isZero();
        emu.sql("db", "DROP TABLE plain");
        assertThatThrownBy(() -> emu.table("db", "plain")).isInstanceOf(EmulatorException.class).hasMessageContaining("db.plain");
        assertThatThrownBy(() -> emu.sql("db", "ALTER TABLE t DROP COLUMN id")).hasMessageContaining("Can not drop key column");
        assertThat(http.sql("db", "{broken").get("code")).isEqualTo(1);
        // RENAME COLUMN keeps the values; MODIFY COLUMN widens (a job, listed FINISHED) or answers as Doris does
        emu.sql("db", "CREATE TABLE r (id INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        http.beLoad("db", "r", json("r1"), "{\"id\":1,\"v\":\"a\"}");
        emu.sql("db", "ALTER TABLE r RENAME COLUMN v w");
        assertThat(emu.table("db", "r").rows()).singleElement().satisfies(r -> assertThat(r).containsEntry("w", "a").doesNotContainKey("v"));
        assertThatThrownBy(() -> emu.sql("db", "ALTER TABLE r RENAME COLUMN nope x")).hasMessageContaining("Column[nope] does not exists");
        emu.sql("db", "ALTER TABLE r ADD COLUMN m INT NULL");
        emu.sql("db", "ALTER TABLE r MODIFY COLUMN m BIGINT NULL");
        assertThat(emu.sql("db", "DESC r")).anySatisfy(r -> assertThat(r).containsEntry("Field", "m").containsEntry("Type", "BIGINT"));
        assertThat(emu.sql("db", "SHOW ALTER TABLE COLUMN FROM db")).anySatisfy(r -> assertThat(r).containsEntry("TableName", "r")
                .containsEntry("State", "FINISHED"));
        assertThatThrownBy(() -> emu.sql("db", "ALTER TABLE r MODIFY COLUMN m INT NULL")).hasMessageContaining("Can not change BIGINT to INT");
        // over HTTP each row's values come in the order of the meta's names (a job's State under "State", in every JVM)
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) http.sql("db", "SHOW ALTER TABLE COLUMN FROM db").get("data");
        List<String> names = ((List<Map<String, Object>>) data.get("meta")).stream().map(m -> String.valueOf(m.get("name"))).toList();
        List<Object> job = ((List<List<Object>>) data.get("data")).get(0);
        assertThat(job.get(names.indexOf("State"))).isEqualTo("FINISHED");
        assertThat(job.get(names.indexOf("TableName"))).isEqualTo("r");
        // a MODIFY that runs as a job: the old type until it finishes, and no other ALTER meanwhile (Doris's text)
        emu.schemaChangeJobMillis(60_000);
        emu.sql("db", "ALTER TABLE r MODIFY COLUMN w VARCHAR(20) NULL");
        assertThat(emu.sql("db", "DESC r")).anySatisfy(r -> assertThat(r).containsEntry("Field", "w").containsEntry("Type", "VARCHAR(10)"));
        assertThat(emu.sql("db", "SHOW ALTER TABLE COLUMN FROM db")).last().satisfies(r -> assertThat(r).containsEntry("State", "RUNNING"));
        assertThatThrownBy(() -> emu.sql("db", "ALTER TABLE r ADD COLUMN z INT NULL"))
                .hasMessageContaining("Table[r]'s state(SCHEMA_CHANGE) is not NORMAL. Do not allow doing ALTER ops");
        var missing = DorisHttp.send("POST", http.fe("/api/query/default_cluster/db"), Map.of("Authorization", http.basic()), "{}".getBytes(), false);
        assertThat(missing.body()).contains("Missing statement request body");
    }
}
