package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TableTest {
    private final Catalog catalog = new Catalog();
    private final SqlEngine sql = new SqlEngine(catalog);

    private Table table() {
        catalog.createDatabase("d");
        sql.execute("d", "CREATE TABLE t (k INT, v STRING, w INT DEFAULT \"3\") UNIQUE KEY(k) DISTRIBUTED BY HASH(k) "
                + "PROPERTIES(\"function_column.sequence_type\"=\"bigint\")");
        return catalog.table("d", "t").orElseThrow();
    }

    private static RowOp op(long k, String v, Long seq, boolean delete) {
        java.util.HashMap<String, Object> values = new java.util.HashMap<>();
        values.put("k", k);
        values.put("v", v);
        values.put("w", 1L);
        return new RowOp(List.of(k), values, seq, delete, null);
    }

    @Test
    void rowsComeBackInKeyOrderWithoutTombstones() {
        Table t = table();
        t.apply(List.of(op(3, "c", 1L, false), op(1, "a", 1L, false), op(2, "b", 1L, true)));
        assertThat(t.visibleRows()).extracting(r -> r.get("k")).containsExactly(1L, 3L);
    }

    @Test
    void partialUpdateWithoutSequenceKeepsTheStoredSequence() {
        Table t = table();
        t.apply(List.of(op(1, "a", 10L, false)));
        t.apply(List.of(new RowOp(List.of(1L), Map.of("k", 1L, "v", "b"), null, false, Set.of("k", "v"))));
        t.apply(List.of(op(1, "stale", 9L, false)));
        assertThat(t.visibleRows()).containsExactly(Map.of("k", 1L, "v", "b", "w", 1L));
    }

    @Test
    void partialUpdateOfANewKeyFillsDefaults() {
        Table t = table();
        t.apply(List.of(new RowOp(List.of(5L), Map.of("k", 5L, "v", "n"), 1L, false, Set.of("k", "v"))));
        assertThat(t.visibleRows()).containsExactly(Map.of("k", 5L, "v", "n", "w", 3L));
    }
}
