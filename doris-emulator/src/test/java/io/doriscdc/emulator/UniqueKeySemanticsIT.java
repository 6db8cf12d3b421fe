package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** §4 Deletes and ordering on Unique Key (merge-on-write) tables. */
class UniqueKeySemanticsIT extends EmulatorITBase {

    private void load(String label, String... lines) throws Exception {
        assertThat(http.beLoad("db", "t", jsonSeq(label), String.join("\n", lines))).containsEntry("Status", "Success");
    }

    private List<Map<String, Object>> rows() {
        return emu.table("db", "t").rows();
    }

    // §4 Sequence column: larger wins, a lower one is ignored across loads
    @Test
    void largerSequenceWinsAcrossLoads() throws Exception {
        load("a", "{\"id\":1,\"v\":\"new\",\"s\":10}");
        load("b", "{\"id\":1,\"v\":\"old\",\"s\":9}");
        assertThat(rows()).singleElement().satisfies(r -> assertThat(r).containsEntry("v", "new"));
    }

    // §4 Sequence column: equal values let the later load win
    @Test
    void equalSequenceLaterLoadWins() throws Exception {
        load("a", "{\"id\":1,\"v\":\"first\",\"s\":10}");
        load("b", "{\"id\":1,\"v\":\"second\",\"s\":10}");
        assertThat(rows()).singleElement().satisfies(r -> assertThat(r).containsEntry("v", "second"));
    }

    // §4 A DELETE only takes effect if its sequence >= the stored one (the manual's li/age example)
    @Test
    void deleteWithLowerSequenceIsIgnored() throws Exception {
        load("a", "{\"id\":1,\"v\":\"li\",\"s\":10}");
        load("b", "{\"id\":1,\"s\":9,\"__DORIS_DELETE_SIGN__\":1}");
        assertThat(rows()).hasSize(1);
        load("c", "{\"id\":1,\"s\":10,\"__DORIS_DELETE_SIGN__\":1}");
        assertThat(rows()).isEmpty();
        load("d", "{\"id\":1,\"v\":\"resurrect?\",\"s\":5}");
        assertThat(rows()).as("the tombstone keeps its sequence").isEmpty();
        assertThat(emu.table("db", "t").columns()).containsExactly("id", "v", "n");
    }

    // §4 (a) merge_type DELETE and (b) MERGE with a delete condition
    @Test
    void mergeTypesDeleteAndMerge() throws Exception {
        http.beLoad("db", "plain", json("p1"), "{\"id\":1,\"v\":\"a\"}\n{\"id\":2,\"v\":\"b\"}\n{\"id\":3,\"v\":\"c\"}");
        assertThat(http.beLoad("db", "plain", Map.of("label", "p2", "format", "json", "merge_type", "DELETE"), "{\"id\":1}"))
                .containsEntry("Status", "Success");
        assertThat(http.beLoad("db", "plain", Map.of("label", "p3", "format", "json", "merge_type", "MERGE",
                "delete", "op=1", "columns", "id,v,op"), "{\"id\":2,\"op\":1}\n{\"id\":4,\"v\":\"d\",\"op\":0}"))
                .containsEntry("Status", "Success");
        assertThat(emu.table("db", "plain").rows()).extracting(r -> r.get("id")).containsExactly(3L, 4L);
    }

    // §1.2 unique_key_update_mode UPDATE_FIXED_COLUMNS / partial_columns: other columns keep their values
    @Test
    void fixedPartialUpdateKeepsOtherColumns() throws Exception {
        http.beLoad("db", "plain", json("f1"), "{\"id\":1,\"v\":\"a\",\"n\":5}");
        assertThat(http.beLoad("db", "plain", Map.of("label", "f2", "partial_columns", "true", "columns", "id,n"), "1\t6\n2\t7\n"))
                .containsEntry("Status", "Success");
        assertThat(emu.table("db", "plain").rows()).containsExactly(
                Map.of("id", 1L, "v", "a", "n", 6L), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>() {{
                    put("id", 2L); put("v", null); put("n", 7L); }}));
    }

    // §1.2 UPDATE_FLEXIBLE_COLUMNS: each JSON row updates the keys it has; forbidden headers are refused
    @Test
    void flexiblePartialUpdatePerRow() throws Exception {
        http.beLoad("db", "plain", json("x1"), "{\"id\":1,\"v\":\"a\",\"n\":5}\n{\"id\":2,\"v\":\"b\",\"n\":6}");
        Map<String, String> flex = Map.of("label", "x2", "format", "json", "unique_key_update_mode", "UPDATE_FLEXIBLE_COLUMNS");
        assertThat(http.beLoad("db", "plain", flex, "{\"id\":1,\"n\":50}\n{\"id\":2,\"v\":\"bb\"}")).containsEntry("Status", "Success");
        assertThat(emu.table("db", "plain").rows()).containsExactly(Map.of("id", 1L, "v", "a", "n", 50L), Map.of("id", 2L, "v", "bb", "n", 6L));
        Map<String, Object> refused = http.beLoad("db", "plain", Map.of("label", "x3", "format", "json",
                "unique_key_update_mode", "UPDATE_FLEXIBLE_COLUMNS", "columns", "id"), "{}");
        assertThat((String) refused.get("Message")).contains("Don't support flexible partial update when 'columns' is specified");
    }

    // §4 sequence_col table property mapped to a real column
    @Test
    void mappedSequenceColumn() throws Exception {
        emu.sql("db", "CREATE TABLE m (id INT, v STRING, lsn BIGINT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) "
                + "PROPERTIES (\"function_column.sequence_col\" = \"lsn\", \"enable_unique_key_merge_on_write\" = \"true\")");
        Map<String, String> h = Map.of("label", "m1", "format", "json", "function_column.sequence_col", "lsn");
        http.beLoad("db", "m", h, "{\"id\":1,\"v\":\"b\",\"lsn\":20}\n{\"id\":1,\"v\":\"a\",\"lsn\":10}");
        assertThat(emu.table("db", "m").rows()).containsExactly(Map.of("id", 1L, "v", "b", "lsn", 20L));
    }
}
