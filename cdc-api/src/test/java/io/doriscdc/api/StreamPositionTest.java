package io.doriscdc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

    private static BigInteger expected(long commit, long ordinal) {
        return new BigInteger(Long.toUnsignedString(commit)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(ordinal)));
    }

    @Test
    void sequenceValueIsCommitLsnTimesTwoToTheSixtyFourPlusOrdinal() {
        Random r = new Random(7);
        long[] commits = {0, 1, 0xFFFFFFFFL, 0x1_0000_0000L, 0x16_B374_D848L, Long.MAX_VALUE};
        long[] ordinals = {0, 1, 9, 10, 999_999_999, 1_000_000_000, 0xFFFFFFFFL, -1L};
        for (long c : commits) {
            for (long o : ordinals) {
                assertThat(StreamPosition.of(c, o).sequenceValue()).isEqualTo(expected(c, o).toString());
            }
        }
        for (int i = 0; i < 10_000; i++) {
            long c = r.nextLong() >>> 1;
            long o = r.nextLong() >>> r.nextInt(64);
            assertThat(StreamPosition.of(c, o).sequenceValue()).as("%x, %x", c, o).isEqualTo(expected(c, o).toString());
        }
    }

    @Test
    void theLargestPositionIsDorisLargeIntMax() {
        assertThat(StreamPosition.of(Long.MAX_VALUE, -1L).sequenceValue())
                .isEqualTo(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE).toString())
                .hasSize(StreamPosition.MAX_SEQUENCE_DIGITS);
    }

    @Test
    void digitsAreWrittenAtTheOffsetWithoutTouchingTheRest() {
        byte[] out = new byte[50];
        java.util.Arrays.fill(out, (byte) 'x');
        int n = StreamPosition.of(1, 2).writeSequenceDigits(out, 3);
        assertThat(new String(out, 3, n, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("18446744073709551618");
        assertThat((char) out[2]).isEqualTo('x');
    }

    @Test
    void positionsOrderByCommitThenOrdinalUnsigned() {
        assertThat(StreamPosition.of(5, 100)).isLessThan(StreamPosition.of(6, 1));
        assertThat(StreamPosition.of(5, 1)).isLessThan(StreamPosition.of(5, 2));
        assertThat(StreamPosition.of(5, Long.MAX_VALUE)).isLessThan(StreamPosition.of(5, -1L));
        assertThat(StreamPosition.snapshot(Lsn.of(5))).isLessThan(StreamPosition.of(5, 1));
        assertThat(StreamPosition.of(0x16_B374_D848L, 3)).hasToString("16/B374D848#3");
    }

    @Test
    void aCommitLsnPastTwoToTheSixtyThreeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> StreamPosition.of(Long.MIN_VALUE, 1)).hasMessageContaining("LARGEINT");
    }
}
