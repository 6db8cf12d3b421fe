package io.doriscdc.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.InstanceStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The health answers of one pipeline, and of several in one process. */
class HealthTest {

    private static Supplier<InstanceStatus> state(InstanceState state, boolean streaming) {
        return () -> new InstanceStatus("pod-1", state, streaming, 3, state + " here", Instant.EPOCH);
    }

    @Test
    void onePipelineAnswersWithItsOwnStateAsBefore() {
        Health h = new Health();
        h.fromAll(Map.of("orders", state(InstanceState.ACTIVE, true)));
        assertThat(h.ready().status()).isEqualTo(200);
        assertThat(h.ready().body()).startsWith("{\"status\":\"UP\",\"state\":\"ACTIVE\",\"streaming\":true").doesNotContain("pipelines");
    }

    @Test
    void severalPipelinesAreReadyOnlyWhenEveryOneIsAndTheBodyShowsEach() {
        Map<String, Supplier<InstanceStatus>> two = new LinkedHashMap<>();
        two.put("orders", state(InstanceState.ACTIVE, true));
        two.put("customers", state(InstanceState.STANDBY, false));
        Health h = new Health();
        h.fromAll(two);
        Health.Answer ready = h.ready();
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).startsWith("{\"status\":\"DOWN\",\"pipelines\":{\"orders\":{\"status\":\"UP\",\"state\":\"ACTIVE\"")
                .contains("\"customers\":{\"status\":\"DOWN\",\"state\":\"STANDBY\"");
        assertThat(h.live().status()).isEqualTo(200);

        two.put("customers", state(InstanceState.FAILED, false));
        h.fromAll(two);
        assertThat(h.live().status()).isEqualTo(503);
        assertThat(h.live().body()).contains("\"customers\":{\"status\":\"DOWN\",\"state\":\"FAILED\"");
    }
}
