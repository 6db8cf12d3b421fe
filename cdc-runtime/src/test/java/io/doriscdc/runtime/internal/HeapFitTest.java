package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapFitTest {

    private static final long MIB = 1L << 20;

    @Test
    void aHeapOfTheBudgetAloneIsNamedWithTheHeapAndTheBudgetToUseInstead() {
        assertThat(HeapFit.warning(256 * MIB, 256 * MIB)).hasValueSatisfying(w -> assertThat(w)
                .contains("memory.budget (256 MiB) does not fit this JVM's heap (256 MiB, -Xmx)")
                .contains("-Xmx384m").contains("DORIS_CDC_JAVA_OPTS=-Xmx384m").contains("lower memory.budget to 128MiB"));
    }

    @Test
    void theLaunchersHeapHoldsTheDefaultBudget() {
        assertThat(HeapFit.recommendedHeap(256 * MIB)).isEqualTo(384 * MIB);
        assertThat(HeapFit.warning(256 * MIB, 384 * MIB)).isEmpty();
        assertThat(HeapFit.warning(256 * MIB, 320 * MIB)).as("the budget and the headroom").isEmpty();
    }

    @Test
    void aSmallBudgetWantsAtLeastTheHeadroomBesideIt() {
        assertThat(HeapFit.recommendedHeap(16 * MIB)).isEqualTo(80 * MIB);
        assertThat(HeapFit.warning(16 * MIB, 64 * MIB)).isPresent();
    }
}
