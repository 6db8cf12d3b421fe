package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

class BatchLabelsTest {

    @Test
    void labelIsDeterministicFromPipelineTableAndRange() {
        String a = BatchLabels.of("p1", DorisTableId.of("db", "users"), Lsn.parse("16/B374D848"), Lsn.parse("16/B374E000"));
        String b = BatchLabels.of("p1", DorisTableId.of("db", "users"), Lsn.parse("16/B374D848"), Lsn.parse("16/B374E000"));
        assertThat(a).isEqualTo(b).isEqualTo("p1_db_users_00000016B374D848_00000016B374E000");
        assertThat(a).matches(BatchLabels.LABEL);
    }

    @Test
    void differentRangesGiveDifferentLabels() {
        DorisTableId t = DorisTableId.of("db", "users");
        assertThat(BatchLabels.of("p", t, Lsn.of(1), Lsn.of(2))).isNotEqualTo(BatchLabels.of("p", t, Lsn.of(1), Lsn.of(3)));
    }

    @Test
    void unicodeOrLongNamesAreHashedIntoTheAlphabet() {
        String unicode = BatchLabels.of("p", DorisTableId.of("数据", "表格"), Lsn.MAX, Lsn.MAX);
        assertThat(unicode).matches(BatchLabels.LABEL).startsWith("p_h").endsWith("_FFFFFFFFFFFFFFFF_FFFFFFFFFFFFFFFF");
        String longNames = BatchLabels.of("p".repeat(48), DorisTableId.of("d".repeat(64), "t".repeat(64)), Lsn.MAX, Lsn.MAX);
        assertThat(longNames).matches(BatchLabels.LABEL);
        assertThat(longNames.length()).isLessThanOrEqualTo(128);
    }

    @Test
    void snapshotLabelsNameTheSnapshotTheRangeAndThePart() {
        String label = BatchLabels.ofSnapshot("p", DorisTableId.of("db", "t"), Lsn.parse("1/2"), 4096, 3);
        assertThat(label).isEqualTo("p_db_t_S0000000100000002_4096_3").matches(BatchLabels.LABEL);
        assertThat(BatchLabels.ofSnapshot("p".repeat(48), DorisTableId.of("d".repeat(64), "t".repeat(64)), Lsn.MAX, Long.MAX_VALUE, Integer.MAX_VALUE))
                .matches(BatchLabels.LABEL);
    }

    @Test
    void badPrefixIsAConfigError() {
        assertThatThrownBy(() -> BatchLabels.of("bad prefix", DorisTableId.of("db", "t"), Lsn.of(1), Lsn.of(2)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'bad prefix'");
    }
}
