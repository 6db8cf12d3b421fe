package io.doriscdc.api.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ISO 8601 rendering of intervals over the whole range of their fields. */
class PgIntervalTest {

    @Test
    void isoFormKeepsEveryField() {
        assertThat(new PgInterval(14, 3, 14_706_500_000L).toIso8601()).isEqualTo("P1Y2M3DT4H5M6.5S");
        assertThat(new PgInterval(-14, 3, -14_706_500_000L).toIso8601()).isEqualTo("P-1Y-2M3DT-4H-5M-6.5S");
        assertThat(new PgInterval(0, 0, 0).toIso8601()).isEqualTo("PT0S");
    }

    @Test
    void theLowestMicrosecondCountRendersWithoutOverflowingAbs() {
        // '-2562047788:00:54.775808', a finite interval before PostgreSQL 17
        assertThat(new PgInterval(0, 0, Long.MIN_VALUE).toIso8601()).isEqualTo("PT-2562047788H-54.775808S");
        assertThat(new PgInterval(0, 0, Long.MAX_VALUE).toIso8601()).isEqualTo("PT2562047788H54.775807S");
    }

    @Test
    void postgres17InfinityIsNotRenderedAsAHugeFiniteInterval() {
        assertThat(new PgInterval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE).toIso8601()).isEqualTo("infinity");
        assertThat(new PgInterval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE).toIso8601()).isEqualTo("-infinity");
    }
}
