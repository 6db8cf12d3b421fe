package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.runtime.PipelineConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When pending changes become a load: the rules of {@link FlushPolicy}, on times given, without a clock. */
class FlushPolicyTest {

    private static final long MS = 1_000_000L;
    private static final long NEVER = FlushPolicy.NEVER;

    /** 1,000 rows, 1 MiB or 4 MiB of memory per batch, max age 1 s, at most 2 early loads per second (one per 500 ms). */
    private final FlushPolicy policy = new FlushPolicy(1_000, 1 << 20, 4 << 20, 1_000 * MS, 500 * MS);

    @Test
    void aLoneChangeOnAnIdleStreamIsDueAtOnce() {
        assertThat(policy.due(1, 100, 1_000, 0, NEVER, true)).isTrue();
        assertThat(policy.due(1, 100, 1_000, 0, 10_000 * MS, true)).as("the previous load was long ago").isTrue();
    }

    @Test
    void anIdleStreamWaitsForTheLoadIntervalSinceTheTablesPreviousLoad() {
        assertThat(policy.due(5, 500, 1_000, 0, 499 * MS, true)).isFalse();
        assertThat(policy.due(5, 500, 1_000, 1 * MS, 500 * MS, true)).isTrue();
    }

    @Test
    void aBusyStreamWaitsForTheMaxAgeWhateverTheLoadInterval() {
        assertThat(policy.due(5, 500, 1_000, 999 * MS, NEVER, false)).isFalse();
        assertThat(policy.due(5, 500, 1_000, 1_000 * MS, NEVER, false)).isTrue();
    }

    @Test
    void theMaxAgeWinsOverALoadIntervalLongerThanIt() {
        FlushPolicy slow = new FlushPolicy(1_000, 1 << 20, 4 << 20, 1_000 * MS, 5_000 * MS); // 0.2 loads per second
        assertThat(slow.due(5, 500, 1_000, 999 * MS, 1_000 * MS, true)).isFalse();
        assertThat(slow.due(5, 500, 1_000, 1_000 * MS, 1_000 * MS, true)).isTrue();
    }

    @Test
    void aFullBatchIsDueAtOnceWhateverItsAgeAndTheLoadInterval() {
        assertThat(policy.due(1_000, 500, 1_000, 0, 0, false)).as("by rows").isTrue();
        assertThat(policy.due(3, 1 << 20, 1_000, 0, 0, false)).as("by bytes").isTrue();
        assertThat(policy.due(3, 500, 4 << 20, 0, 0, false)).as("by memory").isTrue();
        assertThat(policy.full(999, (1 << 20) - 1, (4 << 20) - 1)).isFalse();
    }

    @Test
    void nothingPendingIsNeverDue() {
        assertThat(policy.due(0, 0, 1_000, 10_000 * MS, NEVER, true)).isFalse();
    }

    @Test
    void theLoadIntervalIsOneSecondOverTheConfiguredLoadsPerSecondAndABatchMayHoldAQuarterOfTheBudget() {
        PipelineConfig.Builder b = PipelineConfig.builder().postgres("jdbc:postgresql://h/db").batchMaxAge(Duration.ofMillis(300));
        assertThat(FlushPolicy.of(b.build(), 192 << 20).minLoadIntervalNanos()).as("default: one per second").isEqualTo(1_000 * MS);
        FlushPolicy p = FlushPolicy.of(b.batchMaxLoadsPerSecond(4).build(), 192 << 20);
        assertThat(p.minLoadIntervalNanos()).isEqualTo(250 * MS);
        assertThat(p.maxAgeNanos()).isEqualTo(300 * MS);
        assertThat(p.maxMemory()).as("a quarter of the batches' budget").isEqualTo(48 << 20);
        assertThat(FlushPolicy.of(b.batchMaxLoadsPerSecond(0.2).build(), 192 << 20).minLoadIntervalNanos()).isEqualTo(5_000 * MS);
    }
}
