package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class KeyComparatorTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void largeintValuesCompareNumericallyNotAsText() {
        assertThat(KeyComparator.compareValues(TWO_64.add(BigInteger.ONE), TWO_64)).isPositive();
        assertThat(KeyComparator.compareValues(BigInteger.ONE.shiftLeft(63), BigInteger.valueOf(Long.MAX_VALUE))).isPositive();
        assertThat(KeyComparator.compareValues(new BigInteger("99999999999999999999"), new BigInteger("100000000000000000000")))
                .isNegative();
    }

    @Test
    void integersOfDifferentJavaTypesCompareNumerically() {
        assertThat(KeyComparator.compareValues(9L, new BigInteger("10"))).isNegative();
        assertThat(KeyComparator.compareValues(TWO_64, Long.MAX_VALUE)).isPositive();
        assertThat(KeyComparator.compareValues(null, BigInteger.ZERO)).isNegative();
    }
}
