package io.doriscdc.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.cli.verify.CanonicalValues.Family;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableChecksumTest {

    @Test
    void theChecksumDoesNotDependOnRowOrder() {
        TableChecksum a = new TableChecksum();
        a.add(List.of("1", "x"));
        a.add(List.of("2", "y"));
        TableChecksum b = new TableChecksum();
        b.add(List.of("2", "y"));
        b.add(List.of("1", "x"));
        assertThat(a.checksum()).isEqualTo(b.checksum());
        assertThat(a.rows()).isEqualTo(2);
    }

    @Test
    void aChangedValueOrAValueMovedToAnotherColumnChangesTheChecksum() {
        TableChecksum a = new TableChecksum();
        a.add(List.of("1", "xy"));
        TableChecksum b = new TableChecksum();
        b.add(List.of("1x", "y"));
        TableChecksum c = new TableChecksum();
        c.add(List.of("1", "xz"));
        assertThat(a.checksum()).isNotEqualTo(b.checksum()).isNotEqualTo(c.checksum());
    }

    @Test
    void postgresAndDorisFormsOfTheSameValueAreEqual() {
        assertThat(CanonicalValues.of(Family.DECIMAL, new BigDecimal("12.50"))).isEqualTo(CanonicalValues.of(Family.DECIMAL, "12.5"));
        assertThat(CanonicalValues.of(Family.DECIMAL, new BigDecimal("0.00"))).isEqualTo(CanonicalValues.of(Family.DECIMAL, 0L));
        assertThat(CanonicalValues.of(Family.INTEGER, (short) 7)).isEqualTo(CanonicalValues.of(Family.INTEGER, 7L));
        assertThat(CanonicalValues.of(Family.BOOLEAN, true)).isEqualTo(CanonicalValues.of(Family.BOOLEAN, 1L));
        assertThat(CanonicalValues.of(Family.FLOAT, 1.1f)).isEqualTo(CanonicalValues.of(Family.FLOAT, "1.1"));
        assertThat(CanonicalValues.of(Family.DATE, LocalDate.of(2024, 2, 29))).isEqualTo(CanonicalValues.of(Family.DATE, "2024-02-29"));
        assertThat(CanonicalValues.of(Family.DATETIME, OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 123_456_000, ZoneOffset.ofHours(2))))
                .isEqualTo(CanonicalValues.of(Family.DATETIME, LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_000)))
                .isEqualTo(CanonicalValues.of(Family.DATETIME, "2024-01-01 10:00:00.123456"));
        assertThat(CanonicalValues.of(Family.JSON, "{\"b\": 1, \"a\": [1, 2]}")).isEqualTo(CanonicalValues.of(Family.JSON, "{\"a\":[1,2],\"b\":1}"));
    }

    @Test
    void nullDiffersFromEmptyTextAndFromTheWordNull() {
        assertThat(CanonicalValues.of(Family.TEXT, null)).isNotEqualTo(CanonicalValues.of(Family.TEXT, ""))
                .isNotEqualTo(CanonicalValues.of(Family.TEXT, "null"));
    }

    @Test
    void theFamilyFollowsTheDorisType() {
        assertThat(CanonicalValues.family("DECIMAL(12,2)")).isEqualTo(Family.DECIMAL);
        assertThat(CanonicalValues.family("DATETIME(6)")).isEqualTo(Family.DATETIME);
        assertThat(CanonicalValues.family("DATE")).isEqualTo(Family.DATE);
        assertThat(CanonicalValues.family("VARCHAR(36)")).isEqualTo(Family.TEXT);
        assertThat(CanonicalValues.family("SMALLINT")).isEqualTo(Family.INTEGER);
    }
}
