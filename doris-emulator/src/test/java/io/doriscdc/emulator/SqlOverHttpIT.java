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
        var missing = DorisHttp.send("POST", http.fe("/api/query/default_cluster/db"), Map.of("Authorization", http.basic()), "{}".getBytes(), false);
        assertThat(missing.body()).contains("Missing statement request body");
    }
}
