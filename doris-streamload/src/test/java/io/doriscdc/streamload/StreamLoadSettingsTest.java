package io.doriscdc.streamload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamLoadSettingsTest {

    private static StreamLoadSettings of(Map<String, String> m) {
        return StreamLoadSettings.from(TransportConfig.of(m));
    }

    @Test
    void defaultsAreDocumentedValues() {
        StreamLoadSettings s = of(Map.of("fe", "fe1:8030,fe2:8030"));
        assertThat(s.fe()).extracting(StreamLoadSettings.Address::toString).containsExactly("fe1:8030", "fe2:8030");
        assertThat(s.format()).isEqualTo(StreamLoadSettings.Format.JSON);
        assertThat(s.csvSeparator()).isEqualTo("\t");
        assertThat(s.maxAttempts()).isEqualTo(8);
        assertThat(s.nanPolicy()).isEqualTo(StreamLoadSettings.ValuePolicy.FAIL);
        assertThat(s.user()).isEqualTo("root");
    }

    @Test
    void unknownKeysAreRejectedByName() {
        assertThatThrownBy(() -> of(Map.of("fe", "a:1", "formt", "csv"))).isInstanceOf(ConfigException.class).hasMessageContaining("formt");
    }

    @Test
    void badValuesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> of(Map.of("fe", "a:1", "format", "xml"))).hasMessageContaining("'xml'").hasMessageContaining("json");
        assertThatThrownBy(() -> of(Map.of("fe", "nope"))).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> of(Map.of())).hasMessageContaining("'fe'");
        assertThatThrownBy(() -> of(Map.of("be", "b:1", "discover-backends", "true"))).hasMessageContaining("discover-backends");
        assertThatThrownBy(() -> of(Map.of("fe", "a:1", "csv-separator", "-"))).hasMessageContaining("csv-separator");
        assertThatThrownBy(() -> of(Map.of("fe", "a:1", "initial-backoff", "5s", "max-backoff", "1s"))).hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> of(Map.of("fe", "a:1", "truststore", "/x"))).hasMessageContaining("scheme");
    }

    @Test
    void addressMapAndHexSeparatorAreParsed() {
        StreamLoadSettings s = of(Map.of("be", "10.0.0.5:8040", "be-address-map", "10.0.0.5:8040=be.example.com:18040", "csv-separator", "\\x01"));
        assertThat(s.beAddressMap()).containsEntry(new StreamLoadSettings.Address("10.0.0.5", 8040), new StreamLoadSettings.Address("be.example.com", 18040));
        assertThat(s.csvSeparator()).isEqualTo("\u0001");
    }

    @Test
    void thePasswordNeverShowsInToString() {
        assertThat(of(Map.of("fe", "a:1", "password", "hunter2")).toString()).doesNotContain("hunter2");
    }

    @Test
    void theProviderIsFoundByItsSchemeAndCreatesWithoutIo() {
        try (var t = Transports.load("streamload").create(TransportConfig.of(Map.of("fe", "127.0.0.1:1")), PipelineListener.NONE)) {
            assertThat(t.scheme()).isEqualTo("streamload");
            assertThat(t.sql()).isPresent();
        }
    }
}
