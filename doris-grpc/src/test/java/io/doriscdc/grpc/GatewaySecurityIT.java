package io.doriscdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.emulator.DorisEmulator;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.testing.TlsTesting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token, TLS and mTLS between transport and gateway, and the health service that stays open for probes. */
class GatewaySecurityIT {

    static DorisEmulator emu;
    static GatewayFixture f;
    @TempDir
    static Path certs;

    @BeforeAll
    static void start() throws IOException {
        emu = DorisEmulator.builder().backends(1).user("root", GatewayFixture.PASSWORD).start();
        f = new GatewayFixture(emu);
        for (String name : List.of("ca.pem", "server1.pem", "server1.key", "client.pem", "client.key")) {
            try (InputStream in = TlsTesting.loadCert(name)) {
                Files.copy(in, certs.resolve(name));
            }
        }
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void missingOrWrongTokenFailsWithoutRetryAndTheRightOneLoads() {
        try (IngestGateway gw = f.gateway(Map.of()).token("right-token").start()) {
            DorisTableId table = f.table("tokens");
            for (Map<String, String> creds : List.of(Map.<String, String>of(), Map.of("token", "wrong-token"))) {
                try (Transport t = GatewayFixture.transport(List.of(gw), creds, PipelineListener.NONE)) {
                    Throwable e = GatewayFixture.failure(t.deliver(f.rows(t, table, 0, 5, 1, 1)));
                    assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("UNAUTHENTICATED");
                    assertThat(((TransportException) e).retryable()).isFalse();
                }
            }
            try (Transport t = GatewayFixture.transport(List.of(gw), Map.of("token", "right-token"), PipelineListener.NONE)) {
                assertThat(GatewayFixture.await(t.deliver(f.rows(t, table, 0, 5, 1, 1))).outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            }
            assertThat(emu.table("it", "tokens").rowCount()).isEqualTo(5);
        }
    }

    @Test
    void mutualTlsLoadsAndAClientWithoutCertificateIsRefused() {
        try (IngestGateway gw = f.gateway(Map.of()).tls(certs.resolve("server1.pem"), certs.resolve("server1.key"))
                .clientCa(certs.resolve("ca.pem")).token("t0ken").start()) {
            DorisTableId table = f.table("mtls");
            Map<String, String> tls = new HashMap<>(Map.of("trust-cert", certs.resolve("ca.pem").toString(),
                    "authority", "foo.test.google.fr", "token", "t0ken", "max-attempts", "2"));
            try (Transport t = GatewayFixture.transport(List.of(gw), tls, PipelineListener.NONE)) {
                Throwable e = GatewayFixture.failure(t.deliver(f.rows(t, table, 0, 5, 1, 1)));
                assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("UNAVAILABLE");
            }
            tls.put("client-cert", certs.resolve("client.pem").toString());
            tls.put("client-key", certs.resolve("client.key").toString());
            try (Transport t = GatewayFixture.transport(List.of(gw), tls, PipelineListener.NONE)) {
                Batch b = f.rows(t, table, 0, 50, 10, 1);
                assertThat(GatewayFixture.await(t.deliver(b)).outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
                assertThat(t.sql().orElseThrow().execute("it", "SELECT id FROM `it`.`mtls`")).hasSize(50);
            }
        }
    }

    @Test
    void healthServiceAnswersWithoutTokenAndReportsNotServingOnceClosed() {
        IngestGateway gw = f.gateway(Map.of()).token("t").start();
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", gw.port(), InsecureChannelCredentials.create()).build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(ch);
            assertThat(health.check(HealthCheckRequest.newBuilder().setService("doriscdc.ingest.v1.DorisIngest").build()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            gw.close();
            assertThat(gw.stats().loadsInFlight()).isZero();
        } finally {
            gw.close();
            ch.shutdownNow();
        }
    }
}
