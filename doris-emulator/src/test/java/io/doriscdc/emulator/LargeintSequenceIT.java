package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * §4 Sequence column with {@code "function_column.sequence_type" = "largeint"} (accepted by apache/doris
 * {@code PropertyAnalyzer.analyzeSequenceType}: any {@code PrimitiveType.isFixedPointType()}): 128-bit
 * versions order numerically, in range [-2^127, 2^127 - 1]; and §1.2 strict mode for versions that do
 * not fit the sequence type (filtered in strict mode, NULL otherwise).
 */
class LargeintSequenceIT extends EmulatorITBase {
    private static final String TWO_63 = "9223372036854775808";
    private static final String TWO_64 = "18446744073709551616";
    private static final String LARGEINT_MAX = "170141183460469231731687303715884105727";
    private static final String TWO_128_MINUS_1 = "340282366920938463463374607431768211455";

    @BeforeEach
    void largeintTable() {
        emu.sql("db", "CREATE TABLE w (id INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private Map<String, Object> load(String table, String label, Map<String, String> extra, String... lines) throws Exception {
        Map<String, String> h = new HashMap<>(jsonSeq(label));
        h.putAll(extra);
        return http.beLoad("db", table, h, String.join("\n", lines));
    }

    private void loadW(String label, String... lines) throws Exception {
        assertThat(load("w", label, Map.of(), lines)).containsEntry("Status", "Success");
    }

    private Object v(String table, long id) {
        return emu.table("db", table).rows().stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow().get("v");
    }

    @Test
    void showCreateTableReportsTheLargeintSequenceType() {
        List<Map<String, Object>> rows = emu.sql("db", "SHOW CREATE TABLE db.w");
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("Table", "w")
                .hasEntrySatisfying("Create Table", ddl -> assertThat((String) ddl)
                        .contains("\"function_column.sequence_type\" = \"largeint\"")));
    }

    @Test
    void versionsAbove2To64OrderNumericallyAsJsonNumbersAndStrings() throws Exception {
        String twoTo64Plus1 = "18446744073709551617";
        loadW("a", "{\"id\":1,\"v\":\"new\",\"s\":" + twoTo64Plus1 + "}");
        loadW("b", "{\"id\":1,\"v\":\"old\",\"s\":\"" + TWO_64 + "\"}");
        assertThat(v("w", 1)).isEqualTo("new");
        loadW("c", "{\"id\":1,\"v\":\"newer\",\"s\":\"" + twoTo64Plus1 + "\"}");
        assertThat(v("w", 1)).as("equal versions: the later load wins").isEqualTo("newer");
    }

    @Test
    void twoTo63OrdersAbove2To63Minus1() throws Exception {
        loadW("a", "{\"id\":2,\"v\":\"high\",\"s\":\"" + TWO_63 + "\"}");
        loadW("b", "{\"id\":2,\"v\":\"low\",\"s\":" + Long.MAX_VALUE + "}");
        assertThat(v("w", 2)).isEqualTo("high");
    }

    @Test
    void versionsCompareAsNumbersNotAsText() throws Exception {
        loadW("a", "{\"id\":3,\"v\":\"21digits\",\"s\":100000000000000000000}");
        loadW("b", "{\"id\":3,\"v\":\"20digits\",\"s\":99999999999999999999}");
        assertThat(v("w", 3)).isEqualTo("21digits");
    }

    @Test
    void theLargeintMaximumIsAcceptedAndBeyondItIsFilteredInStrictMode() throws Exception {
        loadW("a", "{\"id\":4,\"v\":\"max\",\"s\":" + LARGEINT_MAX + "}");
        assertThat(v("w", 4)).isEqualTo("max");
        Map<String, Object> r = load("w", "b", Map.of("strict_mode", "true"), "{\"id\":5,\"v\":\"big\",\"s\":\"" + TWO_128_MINUS_1 + "\"}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("NumberFilteredRows", 1).containsEntry("NumberLoadedRows", 0);
        assertThat(emu.table("db", "w").rowCount()).isEqualTo(1);
    }

    @Test
    void aVersionBeyondBigintIsFilteredInStrictModeOnABigintSequenceTable() throws Exception {
        Map<String, Object> r = load("t", "a", Map.of("strict_mode", "true"), "{\"id\":1,\"v\":\"x\",\"s\":" + TWO_63 + "}");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message", "[DATA_QUALITY_ERROR]too many filtered rows")
                .containsEntry("NumberFilteredRows", 1);
        assertThat(emu.table("db", "t").rowCount()).isZero();
    }

    @Test
    void aVersionBeyondBigintBecomesANullSequenceInNonStrictMode() throws Exception {
        assertThat(load("t", "a", Map.of(), "{\"id\":1,\"v\":\"x\",\"s\":\"" + TWO_64 + "\"}"))
                .containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1);
        assertThat(v("t", 1)).isEqualTo("x");
        assertThat(load("t", "b", Map.of(), "{\"id\":1,\"v\":\"y\",\"s\":0}")).containsEntry("Status", "Success");
        assertThat(v("t", 1)).as("any version replaces a NULL sequence").isEqualTo("y");
    }
}
