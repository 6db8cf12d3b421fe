package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import org.junit.jupiter.api.Test;

class BatchLabelsTest {

    private static StreamPosition pos(String commit, long ordinal) {
        return new StreamPosition(Lsn.parse(commit), ordinal);
    }

    private static final StreamPosition MAX = new StreamPosition(Lsn.of(Long.MAX_VALUE), -1L);

    @Test
    void labelIsDeterministicFromPipelineTableAndPositionRange() {
        String a = BatchLabels.of("p1", DorisTableId.of("db", "users"), pos("16/B374D848", 1), pos("16/B374E000", 31));
        String b = BatchLabels.of("p1", DorisTableId.of("db", "users"), pos("16/B374D848", 1), pos("16/B374E000", 31));
        assertThat(a).isEqualTo(b).isEqualTo("p1_db_users_00000016B374D848x1_00000016B374E000x1F");
        assertThat(a).matches(BatchLabels.LABEL);
    }

    @Test
    void rangesThatDifferOnlyInOrdinalsGiveDifferentLabels() {
        // all rows of one COPY share one LSN: only the ordinals tell two of its batches apart
        DorisTableId t = DorisTableId.of("db", "users");
        assertThat(BatchLabels.of("p", t, StreamPosition.of(1, 1), StreamPosition.of(1, 500)))
                .isNotEqualTo(BatchLabels.of("p", t, StreamPosition.of(1, 1), StreamPosition.of(1, 800)))
                .isNotEqualTo(BatchLabels.of("p", t, StreamPosition.of(1, 501), StreamPosition.of(1, 800)));
    }

    @Test
    void theLongestPositionsWithTheLongestPrefixStillMakeAValidLabel() {
        String label = BatchLabels.of("p".repeat(48), DorisTableId.of("d".repeat(64), "t".repeat(64)), MAX, MAX);
        assertThat(label).matches(BatchLabels.LABEL);
        assertThat(BatchLabels.of("p".repeat(48), DorisTableId.of("d", "t"), StreamPosition.of(1, -2L), MAX)).isNotEqualTo(label);
    }

    @Test
    void unicodeOrLongNamesAreHashedIntoTheAlphabet() {
        String unicode = BatchLabels.of("p", DorisTableId.of("数据", "表格"), pos("1/2", 3), pos("1/2", 4));
        assertThat(unicode).matches(BatchLabels.LABEL).startsWith("p_h").endsWith("_0000000100000002x3_0000000100000002x4");
        String longNames = BatchLabels.of("p".repeat(48), DorisTableId.of("d".repeat(64), "t".repeat(64)), pos("1/2", 3), pos("1/2", 4));
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
        assertThatThrownBy(() -> BatchLabels.of("bad prefix", DorisTableId.of("db", "t"), StreamPosition.of(1, 1), StreamPosition.of(2, 1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'bad prefix'");
    }
}
