package io.doriscdc.runtime.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SQL functions and the pipeline check commands with one rule: the same pattern and bounds in both. */
class ControlPlaneRuleTest {

    private static String sql() throws Exception {
        try (InputStream in = ControlPlane.class.getResourceAsStream("/io/doriscdc/runtime/control-plane.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSqlNameCheckUsesTheJavaPattern() throws Exception {
        Matcher m = Pattern.compile("name !~ '([^']+)'").matcher(sql());
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(ControlPlane.NAME_RULE.pattern());
    }

    @Test
    void theSqlBatchSizeBoundIsTheJavaOne() throws Exception {
        assertThat(sql()).contains("batch_size > " + ControlPlane.MAX_BATCH_SIZE);
    }

    private static Map<String, String> row(String op, String db, String table, String batch) {
        Map<String, String> r = new HashMap<>(Map.of("pipeline", "p", "op", op, "table_schema", "public", "table_name", "t"));
        if (db != null) {
            r.put("doris_db", db);
        }
        if (table != null) {
            r.put("doris_table", table);
        }
        if (batch != null) {
            r.put("batch_size", batch);
        }
        return r;
    }

    @Test
    void commandsThatBreakTheRulesAreRefusedNamingWhy() {
        assertThat(ControlPlane.fromRow(row("add_table", "db", "t_1", null))).isInstanceOf(ControlPlane.AddTable.class);
        assertThatThrownBy(() -> ControlPlane.fromRow(row("add_table", "db", "a,b", null))).hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("add_table", "dätabase", "t", null))).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("add_table", "d".repeat(65), "t", null))).hasMessageContaining("64");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("add_table", "db", null, null))).hasMessageContaining("doris_table");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("sync_table", null, null, "0"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("sync_table", null, null, "99999999999"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ControlPlane.fromRow(row("drop_everything", null, null, null))).hasMessageContaining("unknown operation");
    }
}
