package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    @Test
    void equalValuesGiveEqualTextFromPostgresTextAndFromTheEmulatorsJavaValues() {
        assertThat(Canonical.ofPostgres(Family.BOOL, "t")).isEqualTo(Canonical.ofDoris(Family.BOOL, Boolean.TRUE));
        assertThat(Canonical.ofPostgres(Family.INT, "-9223372036854775808")).isEqualTo(Canonical.ofDoris(Family.INT, Long.MIN_VALUE));
        assertThat(Canonical.ofPostgres(Family.DECIMAL, "1.5000000000")).isEqualTo(Canonical.ofDoris(Family.DECIMAL, new BigDecimal("1.50")));
        assertThat(Canonical.ofPostgres(Family.DECIMAL, "0.0000000000")).isEqualTo(Canonical.ofDoris(Family.DECIMAL, "0"));
        assertThat(Canonical.ofPostgres(Family.FLOAT4, "3.4028235e+38")).isEqualTo(Canonical.ofDoris(Family.FLOAT4, (double) Float.MAX_VALUE));
        assertThat(Canonical.ofPostgres(Family.FLOAT8, "-Infinity")).isEqualTo(Canonical.ofDoris(Family.FLOAT8, Double.NEGATIVE_INFINITY));
        assertThat(Canonical.ofPostgres(Family.DATE, "0001-01-01")).isEqualTo(Canonical.ofDoris(Family.DATE, LocalDate.of(1, 1, 1)));
        assertThat(Canonical.ofPostgres(Family.TIMESTAMP, "9999-12-31 23:59:59.999999"))
                .isEqualTo(Canonical.ofDoris(Family.TIMESTAMP, LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)));
        assertThat(Canonical.ofPostgres(Family.TIMESTAMPTZ, "1970-01-01 00:00:00")).isEqualTo("1970-01-01 00:00:00.000000");
        assertThat(Canonical.ofPostgres(Family.TIME, "12:00:00.5")).isEqualTo(Canonical.ofDoris(Family.TIME, "12:00:00.500000"));
        assertThat(Canonical.ofPostgres(Family.TIME, "24:00:00")).isEqualTo(Canonical.ofDoris(Family.TIME, "24:00:00"));
        assertThat(Canonical.ofPostgres(Family.JSON, "{\"b\": [1, null], \"a\": \"x\"}")).isEqualTo(Canonical.ofDoris(Family.JSON, "{\"a\":\"x\",\"b\":[1,null]}"));
        assertThat(Canonical.ofPostgres(Family.ARRAY, "[1,null,-2147483648]")).isEqualTo(Canonical.ofDoris(Family.ARRAY, "[1, null, -2147483648]"));
        assertThat(Canonical.ofDoris(Family.INT, BigInteger.ONE.shiftLeft(100))).isEqualTo(BigInteger.ONE.shiftLeft(100).toString());
    }

    @Test
    void differentValuesStayDifferent() {
        assertThat(Canonical.ofPostgres(Family.TEXT, "a ")).isNotEqualTo(Canonical.ofDoris(Family.TEXT, "a"));
        assertThat(Canonical.ofPostgres(Family.DECIMAL, "1.0000000001")).isNotEqualTo(Canonical.ofDoris(Family.DECIMAL, new BigDecimal("1")));
        assertThat(Canonical.ofPostgres(Family.FLOAT8, "NaN")).isNotEqualTo(Canonical.ofDoris(Family.FLOAT8, null));
        assertThat(Canonical.ofPostgres(Family.TIMESTAMP, "2000-01-01 00:00:00.000001")).isNotEqualTo(Canonical.ofDoris(Family.TIMESTAMP,
                LocalDateTime.of(2000, 1, 1, 0, 0)));
    }
}
