package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FieldNamesTest {
    private static final RowLayout LAYOUT = RowLayout.of(JsonLoads.SCHEMA, JsonLoads.options(true, false, null, "\n"));

    private static int code(FieldNames names, String name) {
        byte[] b = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
        return names.code(b, 1, b.length - 1);
    }

    @Test
    void withoutAHeaderNamesFindTheirSlotInAnyCase() {
        FieldNames names = new FieldNames(LAYOUT, null);
        assertThat(code(names, "NAME")).isEqualTo(LAYOUT.slot("name")).isEqualTo(code(names, "Name"));
        assertThat(code(names, "__doris_delete_sign__")).isEqualTo(LAYOUT.slot("__DORIS_DELETE_SIGN__"));
        assertThat(code(names, "unknown")).isEqualTo(FieldNames.UNUSED);
    }

    @Test
    void withAHeaderOnlyItsExactNamesCount() {
        FieldNames names = new FieldNames(LAYOUT, Set.of("Name", "extra", "größe"));
        assertThat(code(names, "Name")).isEqualTo(LAYOUT.slot("name"));
        assertThat(code(names, "name")).isEqualTo(FieldNames.NOT_IN_HEADER);
        assertThat(code(names, "extra")).isEqualTo(FieldNames.UNUSED);
        assertThat(code(names, "größe")).isEqualTo(FieldNames.UNUSED);
        assertThat(code(names, "grösse")).isEqualTo(FieldNames.NOT_IN_HEADER);
    }

    @Test
    void manyDistinctNamesStayCorrectBeyondWhatIsRemembered() {
        FieldNames names = new FieldNames(LAYOUT, null);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < FieldNames.MAX_NAMES + 500; i++) {
                assertThat(code(names, "f" + i)).isEqualTo(FieldNames.UNUSED);
            }
            for (String n : List.of("id", "ID", "v", "j")) {
                assertThat(code(names, n)).isEqualTo(LAYOUT.slot(n));
            }
        }
    }
}
