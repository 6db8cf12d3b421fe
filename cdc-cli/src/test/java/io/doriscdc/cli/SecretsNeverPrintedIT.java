package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.config.ConfigReader;
import io.doriscdc.cli.config.Secrets;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.SslPostgres;
import io.doriscdc.testsupport.TlsFiles;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doris-cdc} as a process, at log level debug, with known secrets everywhere a user puts
 * them: a password in the JDBC URL, the PostgreSQL password, the Doris password and the trust store
 * password. Through {@code validate}, a run over TLS on both sides (start, initial copy, streaming,
 * Doris refusing loads for a while, SIGTERM) and a run with a wrong PostgreSQL password, no log line,
 * no output, no metric and no configuration's {@code toString()} contains any of them.
 */
class SecretsNeverPrintedIT {

    private static final String URL_PG_PASSWORD = "UrlPgSecret-7f3a";     // in the URL: pgjdbc lets it win over the property
    private static final String PG_PASSWORD = "PropPgSecret-91c2";        // postgres.password, overridden by the URL's
    private static final String DORIS_PASSWORD = "DorisSecret-4e8b";
    private static final String WRONG_PG_PASSWORD = "WrongPgSecret-0d5e";

    private static TlsFiles tls;
    private static SslPostgres pg;
    private static DorisEmulator doris;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsFiles.generate(Path.of("target", "secrets-it", "ca"));
        pg = SslPostgres.start(tls, URL_PG_PASSWORD);
        doris = DorisEmulator.builder().backends(1).user("cdc", DORIS_PASSWORD).tls(tls.serverKeyStore(), tls.password()).start();
        pg.execute("postgres", "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text)",
                "INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 50) g");
    }

    @AfterAll
    static void stop() {
        if (doris != null) {
            doris.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** Every secret, and the forms it could leak in: URL-encoded, and inside a Basic authorization header. */
    private static List<String> forbidden() {
        List<String> out = new ArrayList<>();
        for (String s : List.of(URL_PG_PASSWORD, PG_PASSWORD, DORIS_PASSWORD, WRONG_PG_PASSWORD, tls.password())) {
            out.add(s);
            out.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        out.add(Base64.getEncoder().encodeToString(("cdc:" + DORIS_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static Path config(Path dir, String urlPassword, int metricsPort) throws Exception {
        Path file = dir.resolve("pipeline-" + metricsPort + ".yaml");
        Files.writeString(file, """
                postgres:
                  url: %s&password=%s
                  user: postgres
                  password: ${env:PG_PASSWORD}
                slot: secrets_it
                transport:
                  scheme: streamload
                  create-tables: true
                  settings:
                    fe: 127.0.0.1:%d
                    scheme: https
                    truststore: %s
                    truststore-password: ${env:TRUSTSTORE_PASSWORD}
                    user: cdc
                    password: ${env:DORIS_PASSWORD}
                    initial-backoff: 100ms
                    max-backoff: 200ms
                tables:
                  - source: public.accounts
                    target: secrets_db.accounts
                batch:
                  max-age: 200ms
                replication:
                  status-interval: 1s
                metrics:
                  host: 127.0.0.1
                  port: %d
                """.formatted(pg.verifyFullUrl("postgres"), urlPassword, doris.feHttpsPort(), tls.truststore().toAbsolutePath(), metricsPort));
        return file;
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PG_PASSWORD", PG_PASSWORD);
        env.put("DORIS_PASSWORD", DORIS_PASSWORD);
        env.put("TRUSTSTORE_PASSWORD", tls.password());
        env.put("DORIS_CDC_LOG_LEVEL", "debug");
        return env;
    }

    @Test
    void noLogLineOutputMetricOrConfigurationPrintsASecret(@TempDir Path dir) throws Exception {
        List<String> printed = new ArrayList<>();
        int metricsPort = freePort();
        Path yaml = config(dir, URL_PG_PASSWORD, metricsPort);

        String text = Files.readString(yaml).replace("${env:PG_PASSWORD}", PG_PASSWORD)
                .replace("${env:TRUSTSTORE_PASSWORD}", tls.password()).replace("${env:DORIS_PASSWORD}", DORIS_PASSWORD);
        CliConfig parsed = ConfigReader.parse("pipeline.yaml", text, Secrets.of(Map.of()));
        printed.add(parsed.toString());
        printed.add(parsed.pipelineConfig(PipelineListener.NONE).toString());

        try (CliProcess validate = CliProcess.start(env(), "validate", "--config", yaml.toString())) {
            assertThat(validate.await(Duration.ofSeconds(60))).as("validate; stderr:\n%s", validate.stderr()).isZero();
            assertThat(validate.stdout()).contains("valid: ").contains("password=****");
            printed.add(validate.stdout());
            printed.add(validate.stderr());
        }

        try (CliProcess run = CliProcess.start(env(), "run", "--config", yaml.toString(), "--status-every", "1s")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> rows() >= 50 || !run.isAlive());
            assertThat(run.isAlive()).as("run; stderr:\n%s", run.stderr()).isTrue();
            pg.execute("postgres", "INSERT INTO accounts VALUES (1001, 'streamed over tls')");
            await().atMost(Duration.ofSeconds(60)).until(() -> rows() == 51);
            doris.faults().failNextLoads(2, "Fail", "[INTERNAL_ERROR]cancelled: tablet writer write failed, err=NETWORK_ERROR");
            pg.execute("postgres", "UPDATE accounts SET owner = 'after a refused load' WHERE id = 1");
            await().atMost(Duration.ofSeconds(60)).until(() -> doris.table("secrets_db", "accounts").rows().stream()
                    .anyMatch(r -> "after a refused load".equals(r.get("owner"))));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(metricsPort)).contains("doris_cdc_delivery_retries_total"));
            printed.add(scrape(metricsPort));
            run.terminate();
            assertThat(run.await(Duration.ofMinutes(2))).as("exit after SIGTERM; stderr:\n%s", run.stderr()).isZero();
            assertThat(run.stderr()).contains("retrying").contains("stop requested");
            printed.add(run.stdout());
            printed.add(run.stderr());
        }

        Path wrong = config(dir, WRONG_PG_PASSWORD, freePort());
        try (CliProcess refused = CliProcess.start(env(), "run", "--config", wrong.toString())) {
            assertThat(refused.await(Duration.ofMinutes(2))).as("a wrong password fails the run; stderr:\n%s", refused.stderr()).isNotZero();
            assertThat(refused.stderr()).contains("password authentication failed");
            printed.add(refused.stdout());
            printed.add(refused.stderr());
        }

        for (String text2 : printed) {
            assertThat(text2).doesNotContain(forbidden().toArray(String[]::new));
        }
    }

    private static long rows() {
        try {
            return doris.table("secrets_db", "accounts").rowCount();
        } catch (RuntimeException e) { // not created yet
            return -1;
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
