package io.doriscdc.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void reservationThatFitsIsGrantedAtOnce() {
        MemoryBudget b = new MemoryBudget(100);
        List<String> granted = new ArrayList<>();
        b.reserve(60, () -> granted.add("a"));
        assertThat(granted).containsExactly("a");
        assertThat(b.used()).isEqualTo(60);
    }

    @Test
    void reservationsThatDoNotFitWaitAndAreGrantedInArrivalOrderOnRelease() {
        MemoryBudget b = new MemoryBudget(100);
        List<String> granted = new ArrayList<>();
        b.reserve(80, () -> granted.add("a"));
        b.reserve(50, () -> granted.add("b"));
        b.reserve(10, () -> granted.add("c")); // fits, but waits behind b: no starvation of big loads
        assertThat(granted).containsExactly("a");
        assertThat(b.waiting()).isEqualTo(2);
        b.release(80);
        assertThat(granted).containsExactly("a", "b", "c");
        assertThat(b.used()).isEqualTo(60);
        assertThat(b.peak()).isEqualTo(80);
    }

    @Test
    void cancelledWaiterIsNeverGranted() {
        MemoryBudget b = new MemoryBudget(100);
        List<String> granted = new ArrayList<>();
        b.reserve(100, () -> granted.add("a"));
        MemoryBudget.Waiter w = b.reserve(10, () -> granted.add("b"));
        assertThat(w.cancel()).isTrue();
        b.release(100);
        assertThat(granted).containsExactly("a");
        assertThat(b.used()).isZero();
    }

    @Test
    void reservationLargerThanTheWholeBudgetIsRefused() {
        assertThatThrownBy(() -> new MemoryBudget(100).reserve(101, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
    }
}
