package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.testsupport.TlsFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS ({@code enable_https}): FE and BEs present the server certificate, the FE's 307 keeps the
 * request's scheme ({@code RestBaseController.getRedirectUrL}), and the FE's plain port sends loads
 * to its HTTPS port ({@code LoadAction}'s {@code needRedirect}/{@code redirectToHttps}).
 */
class HttpsIT {

    private static TlsFiles tls;
    private static TlsFiles otherCa;
    private static DorisEmulator emu;
    private static HttpClient trusting;

    @BeforeAll
    static void start() {
        tls = TlsFiles.generate(Path.of("target", "https-it", "ca"));
        otherCa = TlsFiles.generate(Path.of("target", "https-it", "other-ca"));
        emu = DorisEmulator.builder().backends(2).user("root", "").user("loader", "pw").tls(tls.serverKeyStore(), tls.password()).start();
        emu.sql("db", "CREATE DATABASE db");
        emu.sql("db", "CREATE TABLE t (id INT NOT NULL, v VARCHAR(10)) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        trusting = client(tls);
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    private static HttpClient client(TlsFiles trust) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).sslContext(trust.clientContext()).build();
    }

    private static HttpResponse<String> put(HttpClient client, URI uri, Map<String, String> headers, String body, boolean expect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).expectContinue(expect)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFeBaseUriIsTheHttpsPortAndTheRedirectPointsAtAnHttpsBackend() throws Exception {
        assertThat(emu.feBaseUri().toString()).isEqualTo("https://127.0.0.1:" + emu.feHttpsPort());
        HttpResponse<String> r = put(trusting, URI.create(emu.feBaseUri() + "/api/db/t/_stream_load"),
                Map.of("Authorization", DorisHttp.basic("loader", "pw"), "label", "https-1", "format", "json", "read_json_by_line", "true"),
                "{\"id\":1,\"v\":\"a\"}\n", true);
        assertThat(r.statusCode()).isEqualTo(307);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://loader:pw@127.0.0.1:").endsWith("/api/db/t/_stream_load?");
        URI be = URI.create(location);
        assertThat(emu.backendPorts()).contains(be.getPort());

        HttpResponse<String> load = put(trusting, URI.create("https://127.0.0.1:" + be.getPort() + be.getRawPath()),
                Map.of("Authorization", DorisHttp.basic("loader", "pw"), "label", "https-1", "format", "json", "read_json_by_line", "true"),
                "{\"id\":1,\"v\":\"a\"}\n", false);
        assertThat(DorisHttp.JSON.readTree(load.body()).path("Status").asText()).as(load.body()).isEqualTo("Success");
        assertThat(emu.table("db", "t").rows()).containsExactly(Map.of("id", 1L, "v", "a"));
    }

    @Test
    void theFePlainPortSendsLoadsToItsHttpsPortBeforeAnyOtherCheck() throws Exception {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        // no Authorization and no Expect: Doris's needRedirect comes first in LoadAction.streamLoad
        HttpResponse<String> r = put(plain, URI.create("http://127.0.0.1:" + emu.feHttpPort() + "/api/db/t/_stream_load?x=1"),
                Map.of("label", "plain-1"), "{}", false);
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + emu.feHttpsPort() + "/api/db/t/_stream_load?x=1");
        HttpResponse<String> twoPc = put(plain, URI.create("http://127.0.0.1:" + emu.feHttpPort() + "/api/db/_stream_load_2pc"),
                Map.of("txn_id", "1", "txn_operation", "commit"), "", false);
        assertThat(twoPc.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + emu.feHttpsPort() + "/api/db/_stream_load_2pc?");
    }

    @Test
    void backendsSpeakHttpsOnly() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> put(plain, URI.create("http://127.0.0.1:" + emu.backendPorts().get(0) + "/api/db/t/_stream_load"),
                Map.of("Authorization", DorisHttp.basic("root", "")), "{}", false)).isInstanceOf(IOException.class);
    }

    @Test
    void aClientTrustingAnotherCaFailsTheHandshakeAndTheEmulatorKeepsServing() throws Exception {
        assertThatThrownBy(() -> put(client(otherCa), URI.create(emu.feBaseUri() + "/api/db/t/_stream_load"),
                Map.of("Authorization", DorisHttp.basic("root", "")), "{}", true)).isInstanceOf(SSLHandshakeException.class);
        HttpResponse<String> r = put(trusting, URI.create(emu.feBaseUri() + "/api/db/t/_stream_load"),
                Map.of("Authorization", DorisHttp.basic("root", "")), "{}", true);
        assertThat(r.statusCode()).isEqualTo(307);
    }

    @Test
    void withoutTlsThereIsNoHttpsPortAndRedirectsStayHttp() throws Exception {
        try (DorisEmulator plain = DorisEmulator.builder().backends(1).start()) {
            assertThat(plain.feHttpsPort()).isEqualTo(-1);
            assertThat(plain.feBaseUri().getScheme()).isEqualTo("http");
            HttpResponse<String> r = DorisHttp.send("PUT", URI.create(plain.feBaseUri() + "/api/db/t/_stream_load"),
                    Map.of("Authorization", DorisHttp.basic("root", "")), "{}".getBytes(StandardCharsets.UTF_8), true);
            assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("http://root:@127.0.0.1:");
        }
    }

    @Test
    void aKeyStoreThatCannotBeReadIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> DorisEmulator.builder().tls(tls.serverKeyStore(), "wrong-password"))
                .isInstanceOf(EmulatorException.class).hasMessageContaining(tls.serverKeyStore().toString());
    }
}
