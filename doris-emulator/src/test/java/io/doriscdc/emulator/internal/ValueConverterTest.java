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
}
