package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Raw HTTP for the conformance suite: plain {@code java.net.http} requests (HTTP/1.1, redirects
 * not followed), the way any Doris client would send them. No transport code of the project.
 */
final class DorisHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    final DorisEmulator emu;
    String user = "root";
    String password = "";

    DorisHttp(DorisEmulator emu) {
        this.emu = emu;
    }

    String basic() {
        return basic(user, password);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(String method, URI uri, Map<String, String> headers, byte[] body, boolean expect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).expectContinue(expect)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI fe(String path) {
        return URI.create(emu.feBaseUri() + path);
    }

    URI be(int index, String path) {
        return URI.create("http://127.0.0.1:" + emu.backendPorts().get(index) + path);
    }

    /** PUT to the FE with Expect, follow the 307 by hand (strip userinfo, re-send Basic auth), return the BE's JSON. */
    Map<String, Object> streamLoad(String db, String table, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Authorization", basic());
        HttpResponse<String> redirect = send("PUT", fe("/api/" + db + "/" + table + "/_stream_load"), h,
                body.getBytes(StandardCharsets.UTF_8), true);
        assertThat(redirect.statusCode()).as("FE answer: %s", redirect.body()).isEqualTo(307);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        URI target = URI.create("http://" + location.getHost() + ":" + location.getPort() + location.getRawPath());
        // The BE does not require Expect (§1.1 BE side); JDK 17's client hangs on an early non-100 answer with a body.
        return json(send("PUT", target, h, body.getBytes(StandardCharsets.UTF_8), false));
    }

    /** PUT straight to BE {@code index}. */
    Map<String, Object> beLoad(int index, String db, String table, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Authorization", basic());
        return json(send("PUT", be(index, "/api/" + db + "/" + table + "/_stream_load"), h, body, false));
    }

    Map<String, Object> beLoad(String db, String table, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        return beLoad(0, db, table, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** 2PC straight to a BE. */
    Map<String, Object> twoPc(String db, Map<String, String> headers) throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Authorization", basic());
        return json(send("PUT", be(0, "/api/" + db + "/_stream_load_2pc"), h, new byte[0], false));
    }

    Map<String, Object> getJson(URI uri) throws IOException, InterruptedException {
        return json(send("GET", uri, Map.of("Authorization", basic()), null, false));
    }

    Map<String, Object> sql(String db, String stmt) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("stmt", stmt));
        return json(send("POST", fe("/api/query/default_cluster/" + db),
                Map.of("Authorization", basic(), "Content-Type", "application/json", "X-Doris-Stream", "false"),
                body.getBytes(StandardCharsets.UTF_8), false));
    }

    static Map<String, Object> json(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as("HTTP status, body %s", r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
