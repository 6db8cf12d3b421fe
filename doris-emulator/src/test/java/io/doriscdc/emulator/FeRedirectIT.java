package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** §1.1 FE endpoint and the 307 redirect; topology and auth. */
class FeRedirectIT extends EmulatorITBase {

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.backends(3).user("root", "").user("loader", "p@ss:w");
    }

    private HttpResponse<String> fePut(Map<String, String> headers, boolean expect) throws Exception {
        return DorisHttp.send("PUT", http.fe("/api/db/t/_stream_load"), headers, "{}".getBytes(), expect);
    }

    // §1.1 Expect check on the FE: no Expect -> {"status":"FAILED","msg":"There is no 100-continue header"} with HTTP 200
    @Test
    void feRejectsLoadWithoutExpectHeader() throws Exception {
        HttpResponse<String> r = fePut(Map.of("Authorization", http.basic(), "label", "x"), false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().replaceAll("\\s", "")).isEqualTo("{\"status\":\"FAILED\",\"msg\":\"Thereisno100-continueheader\"}");
        assertThat(emu.counters().feRedirects()).isZero();
    }

    // §1.1 Redirect mechanics: 307, Location http://user:pass@be:port/path? (userinfo in clear, query "")
    @Test
    void feAnswers307WithUserinfoAndTrailingQuestionMark() throws Exception {
        HttpResponse<String> r = fePut(Map.of("Authorization", DorisHttp.basic("loader", "p@ss:w")), true);
        assertThat(r.statusCode()).isEqualTo(307);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://loader:p%40ss:w@127.0.0.1:").endsWith("/api/db/t/_stream_load?");
        URI uri = URI.create(location);
        assertThat(emu.backendPorts()).contains(uri.getPort());
    }

    // §1.1 BE choice: round-robin over alive BEs
    @Test
    void redirectsRoundRobinOverBackends() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = fePut(Map.of("Authorization", http.basic()), true);
            ports.add(URI.create(r.headers().firstValue("Location").orElseThrow()).getPort());
        }
        assertThat(ports).containsExactlyInAnyOrderElementsOf(emu.backendPorts());
    }

    // §1.1 a stopped BE is not chosen and /api/backends?is_alive=true leaves it out (connectors discover BEs this way)
    @Test
    void stoppedBackendIsNeitherListedNorChosen() throws Exception {
        emu.stopBackend(1);
        Map<String, Object> r = http.getJson(http.fe("/api/backends?is_alive=true"));
        assertThat(r).containsEntry("msg", "success").containsEntry("code", 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bes = (List<Map<String, Object>>) ((Map<String, Object>) r.get("data")).get("backends");
        assertThat(bes).extracting(b -> b.get("http_port"))
                .containsExactly(emu.backendPorts().get(0), emu.backendPorts().get(2));
        assertThat(bes.get(0)).containsEntry("ip", "127.0.0.1").containsEntry("is_alive", true);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> red = fePut(Map.of("Authorization", http.basic()), true);
            assertThat(URI.create(red.headers().firstValue("Location").orElseThrow()).getPort())
                    .isNotEqualTo(emu.backendPorts().get(1));
        }
        emu.startBackend(1);
        assertThat(http.beLoad(1, "db", "plain", json("after_restart"), "{\"id\":1}".getBytes()))
                .containsEntry("Status", "Success");
    }

    // §1.1 Auth or privilege failures: wrong password and missing credentials are refused, no redirect
    @Test
    void wrongCredentialsAreRejected() throws Exception {
        String r = RawHttp.expectOnly(emu.feHttpPort(), "PUT", "/api/db/t/_stream_load", DorisHttp.basic("root", "nope"), "");
        assertThat(r).startsWith("HTTP/1.1 200").contains("\"code\" : 401").contains("\"msg\" : \"Unauthorized\"")
                .contains("Access denied for user 'root'");
        String none = RawHttp.expectOnly(emu.feHttpPort(), "PUT", "/api/db/t/_stream_load", "None", "");
        assertThat(none).contains("Need auth information.");
        Map<String, Object> be = http.beLoad(0, "db", "plain", Map.of("Authorization", DorisHttp.basic("root", "nope")), "1\ta\t1".getBytes());
        assertThat(be).containsEntry("Status", "Fail");
        assertThat((String) be.get("Message")).contains("Access denied for user 'root'");
        HttpResponse<String> noAuthBe = DorisHttp.send("PUT", http.be(0, "/api/db/plain/_stream_load"), Map.of(), "1".getBytes(), false);
        assertThat(noAuthBe.body()).contains("no valid Basic authorization");
    }

    // §1.1 redirect to an unreachable BE (k8s/NAT complaint) — fault: the Location's port has no listener
    @Test
    void redirectToDeadBackendPointsAtAClosedPort() throws Exception {
        emu.faults().redirectToDeadBackend(1);
        HttpResponse<String> r = fePut(Map.of("Authorization", http.basic()), true);
        URI dead = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(emu.backendPorts()).doesNotContain(dead.getPort());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DorisHttp.send("PUT",
                URI.create("http://127.0.0.1:" + dead.getPort() + dead.getPath()), Map.of(), new byte[1], false))
                .isInstanceOf(java.net.ConnectException.class);
        HttpResponse<String> next = fePut(Map.of("Authorization", http.basic()), true);
        assertThat(emu.backendPorts()).contains(URI.create(next.headers().firstValue("Location").orElseThrow()).getPort());
    }

    // fault: 5xx from the FE
    @Test
    void feServerErrorAnswersTheGivenStatusOnce() throws Exception {
        emu.faults().feServerError(1, 503);
        assertThat(RawHttp.expectOnly(emu.feHttpPort(), "PUT", "/api/db/t/_stream_load", http.basic(), "")).startsWith("HTTP/1.1 503");
        assertThat(fePut(Map.of("Authorization", http.basic()), true).statusCode()).isEqualTo(307);
    }

    // §1.1 Other FE errors: group_commit header value checked on the FE
    @Test
    void feRejectsUnknownGroupCommitMode() throws Exception {
        String r = RawHttp.expectOnly(emu.feHttpPort(), "PUT", "/api/db/t/_stream_load", http.basic(), "group_commit: fast");
        assertThat(r).contains("Header `group_commit` can only be `sync_mode`, `async_mode` or `off_mode`.");
    }

    // §1.3 get_load_state returns {"msg":"success","code":0,"data":"<TransactionStatus>","count":0}
    @Test
    void getLoadStateReportsVisibleAndUnknown() throws Exception {
        http.beLoad("db", "plain", json("st1"), "{\"id\":1}");
        Map<String, Object> r = http.getJson(http.fe("/api/db/get_load_state?label=st1"));
        assertThat(r).containsExactly(Map.entry("msg", "success"), Map.entry("code", 0), Map.entry("data", "VISIBLE"), Map.entry("count", 0));
        assertThat(http.getJson(http.fe("/api/db/get_load_state?label=nope"))).containsEntry("data", "UNKNOWN");
    }
}
