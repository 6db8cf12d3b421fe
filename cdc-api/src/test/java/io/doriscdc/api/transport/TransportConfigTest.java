package io.doriscdc.api.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

    private final TransportConfig config = TransportConfig.of(Map.of(
            "fe", "a:8030, b:8030,", "timeout", "30s", "attempts", "5", "gzip", "true", "password", "hunter2", "bad", "x"));

    @Test
    void typedGettersReadValues() {
        assertThat(config.getList("fe")).containsExactly("a:8030", "b:8030");
        assertThat(config.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getInt("attempts", 1, 1, 10)).isEqualTo(5);
        assertThat(config.getBoolean("gzip", false)).isTrue();
        assertThat(config.getInt("missing", 7, 1, 10)).isEqualTo(7);
    }

    @Test
    void badValuesNameTheKeyAndValue() {
        assertThatThrownBy(() -> config.getInt("bad", 1, 1, 10)).isInstanceOf(ConfigException.class).hasMessageContaining("'bad' = 'x'");
        assertThatThrownBy(() -> config.getInt("attempts", 1, 1, 3)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> config.getDuration("bad", Duration.ZERO)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> config.require("missing")).hasMessageContaining("'missing' is required");
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> config.requireOnlyKnownKeys("streamload", Set.of("fe", "timeout", "attempts", "gzip", "password")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[bad]");
    }

    @Test
    void secretsAreMaskedWhenPrinted() {
        assertThat(config.toString()).doesNotContain("hunter2").contains("password=****");
    }
}
