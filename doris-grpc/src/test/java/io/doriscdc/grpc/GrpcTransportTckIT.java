package io.doriscdc.grpc;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.tck.TransportTck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The transport TCK through the ServiceLoader, over real gRPC on loopback (Netty), to gateways in front
 * of the Doris emulator: every Doris-visible behaviour of the streamload transport holds through the gateway.
 */
class GrpcTransportTckIT {

    static DorisEmulator emu;
    static IngestGateway plain;
    static IngestGateway secured;
    static IngestGateway second;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(3).user("root", GatewayFixture.PASSWORD).start();
        GatewayFixture f = new GatewayFixture(emu);
        plain = f.gateway(Map.of()).start();
        second = f.gateway(Map.of("discover-backends", "true")).start();
        secured = f.gateway(Map.of()).token("tck-token").start();
    }

    @AfterAll
    static void stop() {
        plain.close();
        second.close();
        secured.close();
        emu.close();
    }

    @Nested
    class JsonLines extends TransportTck {
        @Override
        protected Transport createTransport() {
            return GatewayFixture.transport(List.of(plain), Map.of("format", "json"), PipelineListener.NONE);
        }
    }

    @Nested
    class Csv extends TransportTck {
        @Override
        protected Transport createTransport() {
            return GatewayFixture.transport(List.of(plain), Map.of("format", "csv", "chunk-size", "16384"), PipelineListener.NONE);
        }
    }

    @Nested
    class GzippedCsvWithTwoPhaseCommit extends TransportTck {
        @Override
        protected Transport createTransport() {
            return GatewayFixture.transport(List.of(plain), Map.of("format", "csv", "compress", "gz", "two-phase-commit", "true"),
                    PipelineListener.NONE);
        }
    }

    @Nested
    class BalancedOverTwoGatewaysWithAToken extends TransportTck {
        @Override
        protected Transport createTransport() {
            return GatewayFixture.transport(List.of(secured, secured), Map.of("token", "tck-token"), PipelineListener.NONE);
        }
    }

    @Nested
    class BalancedOverTwoGateways extends TransportTck {
        @Override
        protected Transport createTransport() {
            return GatewayFixture.transport(List.of(plain, second), Map.of(), PipelineListener.NONE);
        }
    }
}
