package io.doriscdc.api.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Microseconds since 1970 without overflow: exact wherever a long holds them, refused elsewhere, never ±infinity. */
class PgTemporalTest {

    private static void agreesWithBigInteger(long second, int nano) {
        BigInteger exact = BigInteger.valueOf(second).multiply(BigInteger.valueOf(1_000_000)).add(BigInteger.valueOf(nano / 1000));
        boolean fits = exact.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) > 0 && exact.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) < 0;
        assertThat(PgTemporal.fitsMicros(second, nano)).as("fits %d s %d ns", second, nano).isEqualTo(fits);
        if (fits) {
            assertThat(PgTemporal.micros(second, nano)).as("micros of %d s %d ns", second, nano).isEqualTo(exact.longValueExact());
        }
    }

    @Test
    void microsAreExactAtTheEdgesOfTheLongRange() {
        long[] seconds = {Long.MIN_VALUE / 1_000_000 - 1, Long.MIN_VALUE / 1_000_000, Long.MIN_VALUE / 1_000_000 + 1, -1, 0, 1,
            Long.MAX_VALUE / 1_000_000 - 1, Long.MAX_VALUE / 1_000_000, Long.MAX_VALUE / 1_000_000 + 1, Long.MIN_VALUE, Long.MAX_VALUE};
        int[] nanos = {0, 999, 1000, 224_191_000, 224_192_000, 224_193_000, 775_806_999, 775_807_000, 999_999_999};
        for (long s : seconds) {
            for (int n : nanos) {
                agreesWithBigInteger(s, n);
            }
        }
    }

    @Test
    void microsAreExactForRandomInstants() {
        SplittableRandom random = new SplittableRandom(20_000_101L);
        for (int i = 0; i < 100_000; i++) {
            agreesWithBigInteger(random.nextLong(-10_000_000_000_000L, 10_000_000_000_000L), random.nextInt(1_000_000_000));
        }
    }
}
