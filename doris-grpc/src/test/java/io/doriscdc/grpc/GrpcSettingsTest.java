package io.doriscdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.streamload.StreamLoadSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcSettingsTest {

    @Test
    void defaultsApplyWhenOnlyTargetsAreGiven() {
        GrpcSettings s = GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw1:9095, gw2:9096")));
        assertThat(s.targets()).extracting(StreamLoadSettings.Address::toString).containsExactly("gw1:9095", "gw2:9096");
        assertThat(s.deadline()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.chunkSize()).isEqualTo(1 << 20);
        assertThat(s.tls()).isFalse();
        assertThat(s.encoding().format()).isEqualTo(StreamLoadSettings.Format.JSON);
    }

    @Test
    void unknownKeyIsRejectedNamingIt() {
        assertThatThrownBy(() -> GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw:1", "deadlin", "5s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deadlin");
    }

    @Test
    void missingTargetsAndBadValuesAreRejected() {
        assertThatThrownBy(() -> GrpcSettings.from(TransportConfig.of(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets");
        assertThatThrownBy(() -> GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw:1", "chunk-size", "100"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw:1", "format", "parquet"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw:1", "client-cert", "/nope"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client-key");
    }

    @Test
    void tokenIsNeverShown() {
        GrpcSettings s = GrpcSettings.from(TransportConfig.of(Map.of("targets", "gw:1", "token", "sup3rsecret")));
        assertThat(s.toString()).doesNotContain("sup3rsecret");
    }

    @Test
    void providerIsFoundByItsSchemeAndCreatingATransportDoesNoIo() {
        try (var t = Transports.load("grpc").create(TransportConfig.of(Map.of("targets", "no-such-host.invalid:9")),
                io.doriscdc.api.PipelineListener.NONE)) {
            assertThat(t.scheme()).isEqualTo("grpc");
        }
    }

    @Test
    void gatewaySettingsSplitDorisKeysAndRejectUnknownOnes() {
        GatewaySettings g = GatewaySettings.fromArgs("port=0", "token=t", "doris.fe=fe1:8030", "doris.user=loader");
        assertThat(g.port()).isZero();
        assertThat(g.doris().fe()).extracting(StreamLoadSettings.Address::toString).containsExactly("fe1:8030");
        assertThat(g.doris().user()).isEqualTo("loader");
        assertThat(g.toString()).doesNotContain("token=t,");
        assertThatThrownBy(() -> GatewaySettings.fromArgs("prot=1", "doris.fe=fe1:8030")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("prot");
        assertThatThrownBy(() -> GatewaySettings.fromArgs("doris.feee=fe1:8030")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("feee");
    }
}
