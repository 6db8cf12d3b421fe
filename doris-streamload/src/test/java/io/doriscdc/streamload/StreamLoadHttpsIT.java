package io.doriscdc.streamload;

import static io.doriscdc.streamload.EmulatorFixture.await;
import static io.doriscdc.streamload.EmulatorFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.tck.TransportTck;
import io.doriscdc.testsupport.TlsFiles;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Stream Load over https against the emulator with {@code enable_https}: through the FE's 307 to
 * https BEs with a trust store and host-name verification; a certificate from another CA or for
 * another host fails at once naming the setting to fix; an https-to-http redirect is refused.
 */
class StreamLoadHttpsIT {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "tls"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("v", ColumnType.of(1043, 24, LogicalType.TEXT, "varchar"), false, true)));
    static final Path DIR = Path.of("target", "streamload-https");

    static TlsFiles tls;
    static TlsFiles otherCa;
    static DorisEmulator emu;
    static EmulatorFixture fx;

    @BeforeAll
    static void start() {
        tls = TlsFiles.generate(DIR.resolve("ca"));
        otherCa = TlsFiles.generate(DIR.resolve("other-ca"));
        emu = DorisEmulator.builder().backends(2).user("root", "pw").tls(tls.serverKeyStore(), tls.password()).start();
        fx = new EmulatorFixture(emu);
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    static Map<String, String> https(TlsFiles trust, String... extra) {
        Map<String, String> s = new HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpsPort(), "scheme", "https",
                "truststore", trust.truststore().toString(), "truststore-password", trust.password()));
        s.putAll(EmulatorFixture.map(extra));
        return s;
    }

    private static Batch rows(StreamLoadTransport t, DorisTableId table, int n) {
        return fx.batch(t, SCHEMA, table, e -> {
            for (int i = 0; i < n; i++) {
                e.upsert(ObjectRow.of(SCHEMA, (long) i, "v" + i), StreamPosition.of(1, 1));
            }
        });
    }

    private static DorisTableId table(TestInfo info) {
        String name = "tls_" + info.getTestMethod().orElseThrow().getName().toLowerCase();
        return fx.table(name.substring(0, Math.min(60, name.length())), "`id` BIGINT NOT NULL, `v` VARCHAR(24) NULL", "`id`");
    }

    @Test
    void aBatchIsLoadedOverHttpsThroughTheFeRedirect(TestInfo info) {
        DorisTableId table = table(info);
        long redirects = emu.counters().feRedirects();
        try (StreamLoadTransport t = fx.transport(https(tls), PipelineListener.NONE)) {
            DeliveryReceipt r = await(t.deliver(rows(t, table, 20)));
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
            assertThat(r.attempts()).isEqualTo(1);
        }
        assertThat(emu.counters().feRedirects()).isGreaterThan(redirects);
        assertThat(emu.table("it", table.table()).rows()).hasSize(20).first().isEqualTo(Map.of("id", 0L, "v", "v0"));
    }

    @Test
    void aPemFileOfTheCaServesAsTrustStoreAndTwoPhaseCommitGoesOverHttpsToo(TestInfo info) {
        DorisTableId table = table(info);
        try (StreamLoadTransport t = fx.transport(https(tls, "truststore", tls.caPem().toString(), "two-phase-commit", "true"),
                PipelineListener.NONE)) {
            assertThat(await(t.deliver(rows(t, table, 5))).outcome()).isEqualTo(DeliveryOutcome.COMMITTED);
        }
        assertThat(emu.table("it", table.table()).rowCount()).isEqualTo(5);
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedAtOnceNamingTheTrustStoreSetting(TestInfo info) {
        DorisTableId table = table(info);
        long start = System.nanoTime();
        try (StreamLoadTransport t = fx.transport(https(otherCa, "max-attempts", "8", "initial-backoff", "1s", "max-backoff", "2s"),
                PipelineListener.NONE)) {
            Throwable e = failure(t.deliver(rows(t, table, 3)));
            assertThat(e).isInstanceOf(TransportException.class);
            assertThat(((TransportException) e).retryable()).as("a wrong CA cannot heal by retrying").isFalse();
            assertThat(e.getMessage())
                    .contains("the certificate of https://127.0.0.1:" + emu.feHttpsPort())
                    .contains("is not trusted by trust store '" + otherCa.truststore() + "'")
                    .contains("set transport setting 'truststore'");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retry with backoff").isLessThan(Duration.ofSeconds(10));
        assertThat(emu.table("it", table.table()).rowCount()).isZero();
    }

    @Test
    void withoutATrustStoreTheMessageSaysTheJdkDefaultsWereUsed(TestInfo info) {
        DorisTableId table = table(info);
        Map<String, String> settings = https(tls);
        settings.remove("truststore");
        settings.remove("truststore-password");
        try (StreamLoadTransport t = fx.transport(settings, PipelineListener.NONE)) {
            assertThat(failure(t.deliver(rows(t, table, 1))).getMessage())
                    .contains("is not trusted by the JDK's default trust store (transport setting 'truststore' is not set)");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedNamingTheAddressSettings(TestInfo info) throws Exception {
        TlsFiles elsewhere = TlsFiles.generate(DIR.resolve("other-host"), "dns:doris-fe.example");
        try (DorisEmulator other = DorisEmulator.builder().backends(1).user("root", "pw").tls(elsewhere.serverKeyStore(), elsewhere.password())
                .start()) {
            other.sql("it", "CREATE DATABASE IF NOT EXISTS it");
            other.sql("it", "CREATE TABLE `it`.`t` (`id` BIGINT NOT NULL, `v` VARCHAR(24) NULL) UNIQUE KEY(`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 1");
            Map<String, String> settings = https(elsewhere, "fe", "127.0.0.1:" + other.feHttpsPort());
            try (StreamLoadTransport t = new EmulatorFixture(other).transport(settings, PipelineListener.NONE)) {
                Throwable e = failure(t.deliver(rows(t, DorisTableId.of("it", "t"), 1)));
                assertThat(((TransportException) e).retryable()).isFalse();
                assertThat(e.getMessage()).contains("is not issued for '127.0.0.1'").contains("'fe', 'be' or 'be-address-map'");
            }
        }
    }

    @Test
    void thePlainFePortSendsTheLoadToHttpsAndTheMessageSaysToSetTheScheme(TestInfo info) {
        DorisTableId table = table(info);
        Map<String, String> settings = new HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpPort()));
        try (StreamLoadTransport t = fx.transport(settings, PipelineListener.NONE)) {
            assertThat(failure(t.deliver(rows(t, table, 1))).getMessage())
                    .contains("the certificate of https://127.0.0.1:" + emu.feHttpsPort())
                    .contains("set transport setting 'scheme' to https and 'truststore'");
        }
    }

    @Test
    void aRedirectFromHttpsToPlainHttpIsRefused(TestInfo info) throws Exception {
        DorisTableId table = table(info);
        HttpsServer fe = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fe.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        fe.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://root:pw@127.0.0.1:" + emu.backendPorts().get(0) + exchange.getRequestURI().getPath() + "?");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        fe.start();
        try (StreamLoadTransport t = fx.transport(https(tls, "fe", "127.0.0.1:" + fe.getAddress().getPort()), PipelineListener.NONE)) {
            Throwable e = failure(t.deliver(rows(t, table, 1)));
            assertThat(((TransportException) e).retryable()).isFalse();
            assertThat(e.getMessage()).contains("from https to plain http").contains("refused").doesNotContain("pw@");
        } finally {
            fe.stop(0);
        }
    }

    @Nested
    class TransportTckOverHttps extends TransportTck {
        @Override
        protected Transport createTransport() {
            return Transports.load("streamload").create(TransportConfig.of(https(tls, "user", "root", "password", "pw",
                    "initial-backoff", "20ms", "max-backoff", "200ms")), PipelineListener.NONE);
        }
    }
}
