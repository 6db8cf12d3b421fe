package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TransportRotationTest {

    @Test
    void everyClaimedTransportIsUsedBetweenTheFirstSixKillsInAnOrderTheSeedGives() {
        TransportRotation r = TransportRotation.of(ChaosSettings.ci(42));
        assertThat(IntStream.range(0, 6).mapToObj(r::afterKills).toList()).containsExactlyInAnyOrderElementsOf(ChildTransport.ALL);
        assertThat(r.afterKills(6)).isEqualTo(r.afterKills(0));
        assertThat(TransportRotation.of(ChaosSettings.ci(42))).isEqualTo(r);
        assertThat(r.needsGateway()).isTrue();
        assertThat(ChildTransport.ALL).extracting(ChildTransport::toString)
                .containsExactly("streamload/json", "streamload/csv", "streamload/json/2pc", "streamload/csv/2pc", "grpc/json", "grpc/csv/2pc");
    }

    @Test
    void aTransportParsesFromSchemeFormatAndTwoPhase() {
        assertThat(ChildTransport.parse("streamload/csv/2pc")).isEqualTo(new ChildTransport("streamload", "csv", true));
        assertThat(ChildTransport.parse("grpc/json").args()).containsExactly("transport=grpc", "format=json", "two-phase=false");
        assertThatThrownBy(() -> ChildTransport.parse("grpc")).hasMessageContaining("scheme/format[/2pc]");
        TransportRotation one = TransportRotation.of(ChaosSettings.ci(1).toBuilder().transports(List.of(ChildTransport.STREAMLOAD_JSON)).build());
        assertThat(one.needsGateway()).isFalse();
    }
}
