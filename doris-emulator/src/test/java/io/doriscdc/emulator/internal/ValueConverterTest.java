package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class ValueConverterTest {
    private static ColumnType t(String name, int... args) {
        return ColumnType.of(name, args, "INT");
    }

    @Test
    void integersMustBeWholeAndInRange() throws Exception {
        assertThat(ValueConverter.convert(t("TINYINT"), "127")).isEqualTo(127L);
        assertThatThrownBy(() -> ValueConverter.convert(t("TINYINT"), "128")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> ValueConverter.convert(t("INT"), "1.5")).isInstanceOf(ConversionException.class);
        assertThat(ValueConverter.convert(t("LARGEINT"), "170141183460469231731687303715884105727"))
                .isEqualTo(new BigInteger("170141183460469231731687303715884105727"));
    }

    @Test
    void decimalsRoundToScaleAndMustFitPrecision() throws Exception {
        assertThat(ValueConverter.convert(t("DECIMAL", 5, 2), "1.005")).isEqualTo(new BigDecimal("1.01"));
        assertThatThrownBy(() -> ValueConverter.convert(t("DECIMAL", 5, 2), "1234.5")).isInstanceOf(ConversionException.class);
    }

    @Test
    void datesAndDatetimesTruncateToScale() throws Exception {
        assertThat(ValueConverter.convert(t("DATE"), "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThatThrownBy(() -> ValueConverter.convert(t("DATE"), "2023-02-29")).isInstanceOf(ConversionException.class);
        assertThat(ValueConverter.convert(t("DATETIME", 3), "2024-01-02T03:04:05.123456"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000));
    }

    @Test
    void stringsBooleansJsonAndIps() throws Exception {
        assertThatThrownBy(() -> ValueConverter.convert(t("VARCHAR", 3), "héé")).hasMessageContaining("too long");
        assertThat(ValueConverter.convert(t("BOOLEAN"), "TRUE")).isEqualTo(true);
        assertThat(ValueConverter.convert(t("JSON"), "{ \"a\" : 1 }")).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> ValueConverter.convert(t("JSON"), "{")).isInstanceOf(ConversionException.class);
        assertThat(ValueConverter.convert(t("IPV4"), "10.0.0.1")).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> ValueConverter.convert(t("DOUBLE"), "1.5d")).isInstanceOf(ConversionException.class);
    }

    @Test
    void aJsonColumnStoresTheTextAsJacksonPrintsItsTree() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String t : java.util.List.of("{ \"k\" : 1, \"tags\": [\"a\", 1.50] }", "[1e2, -0]", "{\"a\":1,\"a\":2}", "1", "\"s\"", "null",
                " [ ] x", "{\"s\":\"\\u0001é\"}")) {
            assertThat(ValueConverter.convert(t("JSON"), t)).as(t).isEqualTo(jackson.writeValueAsString(jackson.readTree(t)));
        }
        assertThatThrownBy(() -> ValueConverter.convert(t("JSON"), "{\"a\":01}")).hasMessage("Invalid JSON text: {\"a\":01}");
    }

    @Test
    void stringLengthsAreUtf8BytesWithALoneSurrogateAsOne() throws Exception {
        for (String t : java.util.List.of("", "abc", "é", "名前", "😀", "\uD800", "\uDC00a", "a\uD83D", "\uD83D\uDE00\uD83D")) {
            assertThat(ValueConverter.utf8Length(t)).as(t).isEqualTo(t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        assertThat(ValueConverter.convert(t("VARCHAR", 4), "😀")).isEqualTo("😀");
        assertThatThrownBy(() -> ValueConverter.convert(t("VARCHAR", 3), "😀")).hasMessageContaining("actual length: 4");
    }

    @Test
    void floatsRefuseJavaOnlySyntaxButReadInfinityAndNan() throws Exception {
        for (String t : java.util.List.of("1.5d", "1f", "0x1p3", "1D")) {
            assertThatThrownBy(() -> ValueConverter.convert(t("DOUBLE"), t)).as(t).hasMessage("'" + t + "' can not be converted to DOUBLE");
        }
        assertThat(ValueConverter.convert(t("DOUBLE"), "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ValueConverter.convert(t("DOUBLE"), "1e3")).isEqualTo(1000.0);
    }

    @Test
    void datetimesKeepTheirScalesDigitsAndTheCompactDateForm() throws Exception {
        assertThat(ValueConverter.convert(t("DATETIME", 6), "2026-01-01 00:00:01.500000")).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, 1, 500_000_000));
        assertThat(ValueConverter.convert(t("DATETIME"), "2026-01-01 00:00:01.999")).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, 1));
        assertThat(ValueConverter.convert(t("DATE"), "20260102")).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThatThrownBy(() -> ValueConverter.convert(t("DATETIME"), "2026-01-01 25:00:00")).hasMessage("'2026-01-01 25:00:00' can not be converted to DATETIME");
        assertThatThrownBy(() -> ValueConverter.convert(t("DATE"), "2026/01/01")).hasMessage("'2026/01/01' can not be converted to DATE");
    }

    @Test
    void largeintsReadAsBigIntegerReadsThem() throws Exception {
        for (String t : java.util.List.of("0", "-0", "+7", "-1", "123456789012345678", "1234567890123456789", "-99999999999999999999",
                "79228162514264337593543950337", "170141183460469231731687303715884105727", "-170141183460469231731687303715884105728",
                "000000000000000000000000000001", "١٢٣")) {
            assertThat(ValueConverter.asciiInteger(t)).as(t).isEqualTo(new BigInteger(t));
        }
        for (String t : java.util.List.of("", "-", "+", "1.0", "1e3", "12a", " 1", "--1")) {
            assertThatThrownBy(() -> ValueConverter.asciiInteger(t)).as(t).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> ValueConverter.convert(t("LARGEINT"), "170141183460469231731687303715884105728"))
                .hasMessage("'170141183460469231731687303715884105728' is out of range for LARGEINT");
        assertThatThrownBy(() -> ValueConverter.convert(t("LARGEINT"), "1x")).hasMessage("'1x' can not be converted to LARGEINT");
    }
}
