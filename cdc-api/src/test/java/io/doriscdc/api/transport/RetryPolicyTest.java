package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static RetryPolicy policy(int attempts, Duration maxTime, double random) {
        return new RetryPolicy(attempts, maxTime, Duration.ofMillis(100), Duration.ofSeconds(1), () -> random);
    }

    @Test
    void backoffDoublesUpToItsBoundAndIsDrawnFromTheUpperHalf() {
        RetryPolicy top = policy(10, Duration.ofMinutes(5), 1.0);
        assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(top.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(top.delay(30)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy(10, Duration.ofMinutes(5), 0.0).delay(1)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void givesUpAfterMaxAttemptsOrWhenTheRetryWouldStartTooLate() {
        RetryPolicy p = policy(3, Duration.ofSeconds(2), 1.0);
        assertThat(p.next(1, Duration.ZERO)).contains(Duration.ofMillis(100));
        assertThat(p.next(2, Duration.ZERO)).contains(Duration.ofMillis(200));
        assertThat(p.next(3, Duration.ZERO)).isEmpty();
        assertThat(p.next(1, Duration.ofMillis(1950))).isEmpty();
        assertThat(p.giveUpReason(3, Duration.ofMillis(1234))).contains("3 failed attempt(s) in 1234 ms", "max-attempts 3", "max-retry-time PT2S");
    }

    @Test
    void refusesBoundsThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofMillis(2), () -> 0))
                .hasMessageContaining("maxAttempts must be at least 1, got 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMinutes(1), Duration.ofMillis(5), Duration.ofMillis(2), () -> 0))
                .hasMessageContaining("initial (PT0.005S) <= max (PT0.002S)");
    }
}
