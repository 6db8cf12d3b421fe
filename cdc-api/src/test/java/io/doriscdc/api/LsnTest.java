package io.doriscdc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsnTest {

    @Test
    void parsesAndFormatsThePostgresTextForm() {
        Lsn lsn = Lsn.parse("16/B374D848");
        assertThat(lsn.value()).isEqualTo(0x16B374D848L);
        assertThat(lsn).hasToString("16/B374D848");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/0", "0/1", "1/0", "16/B374D848", "FFFFFFFF/FFFFFFFF", "7FFFFFFF/FFFFFFFF", "80000000/0"})
    void roundTripsThroughText(String text) {
        assertThat(Lsn.parse(text).toString()).isEqualTo(text);
        assertThat(Lsn.parse(Lsn.parse(text).toString())).isEqualTo(Lsn.parse(text));
    }

    @Test
    void acceptsLowerCaseAndLeadingZeros() {
        assertThat(Lsn.parse("0016/00b374d8")).isEqualTo(Lsn.of(0x1600B374D8L));
    }

    @Test
    void zeroIsInvalidAndMaxIsTheLargest() {
        assertThat(Lsn.parse("0/0")).isEqualTo(Lsn.INVALID);
        assertThat(Lsn.INVALID.isValid()).isFalse();
        assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF")).isEqualTo(Lsn.MAX);
        assertThat(Lsn.MAX).isGreaterThan(Lsn.parse("7FFFFFFF/FFFFFFFF"));
    }

    @Test
    void comparesUnsigned() {
        Lsn high = Lsn.parse("80000000/0");
        Lsn low = Lsn.parse("7FFFFFFF/FFFFFFFF");
        assertThat(high.isAfter(low)).isTrue();
        assertThat(low.isBefore(high)).isTrue();
        assertThat(Lsn.max(low, high)).isEqualTo(high);
        assertThat(Lsn.min(low, high)).isEqualTo(low);
    }

    @Test
    void lagInBytesIsTheDifference() {
        assertThat(Lsn.parse("1/0").bytesSince(Lsn.parse("0/FFFFFF00"))).isEqualTo(256);
        assertThat(Lsn.parse("0/10").bytesSince(Lsn.parse("0/20"))).isEqualTo(-16);
        assertThat(Lsn.parse("0/10").plus(16)).isEqualTo(Lsn.parse("0/20"));
    }

    @Test
    void lagSaturatesInsteadOfOverflowing() {
        assertThat(Lsn.MAX.bytesSince(Lsn.INVALID)).isEqualTo(Long.MAX_VALUE);
        assertThat(Lsn.INVALID.bytesSince(Lsn.MAX)).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "16", "16/", "/B374D848", "16/B374D848/1", "1G/0", "123456789/0", "0/123456789", " 1/0", "1/0 ", "-1/0", "+1/0"})
    void rejectsMalformedTextNamingIt(String text) {
        assertThatThrownBy(() -> Lsn.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid LSN '" + text + "'")
                .hasMessageContaining("X/Y");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Lsn.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }
}
