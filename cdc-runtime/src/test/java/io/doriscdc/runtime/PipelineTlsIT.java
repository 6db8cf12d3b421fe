package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.internal.ConnectHints;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.SslPostgres;
import io.doriscdc.testsupport.TlsFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS end to end: a PostgreSQL that accepts verified TLS connections with a password only
 * ({@code sslmode=verify-full&sslrootcert=...}) and a Doris emulator with {@code enable_https},
 * loaded through the FE's redirect to https BEs with a trust store. A root certificate from another
 * CA is refused on either side, with an error that says which setting to look at.
 */
class PipelineTlsIT {

    private static final Path DIR = Path.of("target", "pipeline-tls");
    private static TlsFiles tls;
    private static TlsFiles otherCa;
    private static SslPostgres pg;
    private static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsFiles.generate(DIR.resolve("ca"));
        otherCa = TlsFiles.generate(DIR.resolve("other-ca"));
        pg = SslPostgres.start(tls, "pg-tls-secret");
        emu = DorisEmulator.builder().backends(2).user("root", "doris-tls-secret").tls(tls.serverKeyStore(), tls.password()).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        emu.sql("db", "CREATE TABLE db.items (id BIGINT, name STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        pg.execute("postgres", "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'copied ' || g FROM generate_series(1, 100) g");
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static PipelineConfig.Builder config(String slot, String postgresUrl, TlsFiles dorisTrust) {
        return PipelineConfig.builder()
                .postgres(postgresUrl).user(pg.user()).password(pg.password())
                .slot(slot).publication(slot)
                .route("public.items", "db", "items")
                .transport("streamload")
                .transportSetting("fe", "127.0.0.1:" + emu.feHttpsPort()).transportSetting("scheme", "https")
                .transportSetting("truststore", dorisTrust.truststore().toString())
                .transportSetting("truststore-password", dorisTrust.password())
                .transportSetting("user", "root").transportSetting("password", "doris-tls-secret")
                .batchMaxAge(Duration.ofMillis(100));
    }

    @Test
    void aChangeStreamsFromPostgresVerifiedByItsCaIntoDorisOverHttps() throws Exception {
        try (Pipeline p = Pipeline.create(config("tls_stream", pg.verifyFullUrl("postgres"), tls).build())) {
            p.start();
            pg.execute("postgres", "UPDATE items SET name = 'streamed' WHERE id <= 10", "DELETE FROM items WHERE id > 90",
                    "INSERT INTO items VALUES (1000, 'inserted over tls')");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                try (Connection c = pg.connect("postgres")) {
                    var source = EmulatorTables.postgres(c, "items", "id");
                    var doris = EmulatorTables.doris(emu, "db", "items", "id");
                    assertThat(doris).withFailMessage(() -> EmulatorTables.differences(source, doris)).isEqualTo(source);
                }
            });
            assertThat(p.failure()).isEmpty();
        }
        assertThat(emu.counters().feRedirects()).isPositive();
    }

    @Test
    void aPostgresServerThatTheRootCertificateDoesNotVouchForIsRefusedNamingSslrootcert() {
        String url = pg.jdbcUrl("postgres") + "?sslmode=verify-full&sslrootcert=" + otherCa.caPem().toAbsolutePath();
        try (Pipeline p = Pipeline.create(config("tls_wrong_pg_ca", url, tls).build())) {
            assertThatThrownBy(p::start)
                    .satisfies(e -> System.out.println("PipelineTlsIT, wrong PostgreSQL CA: " + e.getMessage()))
                    .hasMessageContaining("tls_wrong_pg_ca")
                    .hasMessageContaining("sslrootcert");
        }
    }

    @Test
    void connectHintsNameTheSettingBehindEachRefusal() {
        String wrongCa = pg.jdbcUrl("postgres") + "?sslmode=verify-full&sslrootcert=" + otherCa.caPem().toAbsolutePath();
        assertThat(ConnectHints.hint(wrongCa, Map.of(), refusal(wrongCa, Map.of("password", pg.password()))))
                .contains("not signed by a CA of sslrootcert=" + otherCa.caPem().toAbsolutePath()).contains("sslmode=verify-full");
        Map<String, String> viaProperties = Map.of("sslmode", "verify-ca", "sslrootcert", otherCa.caPem().toString());
        assertThat(ConnectHints.hint(pg.jdbcUrl("postgres"), viaProperties, refusal(pg.jdbcUrl("postgres"), with(viaProperties, "password", pg.password()))))
                .contains("sslrootcert=" + otherCa.caPem()).contains("sslmode=verify-ca");
        String plain = pg.jdbcUrl("postgres") + "?sslmode=disable";
        assertThat(ConnectHints.hint(plain, Map.of(), refusal(plain, Map.of("password", pg.password())))).contains("over TLS only");
        String verified = pg.verifyFullUrl("postgres");
        assertThat(ConnectHints.hint(verified, Map.of(), refusal(verified, Map.of("password", "wrong")))).contains("check the password");
        assertThat(ConnectHints.hint(verified, Map.of(), new java.sql.SQLException("relation \"x\" does not exist", "42P01"))).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static java.sql.SQLException refusal(String url, Map<String, String> properties) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", pg.user());
        properties.forEach(p::setProperty);
        try (Connection c = java.sql.DriverManager.getConnection(url, p)) {
            throw new AssertionError("connected to " + url + " although it should be refused");
        } catch (java.sql.SQLException e) {
            return e;
        }
    }

    @Test
    void aDorisWhoseCertificateTheTrustStoreDoesNotHoldFailsTheTableNamingTheTrustStoreSetting() throws Exception {
        try (Pipeline p = Pipeline.create(config("tls_wrong_doris_ca", pg.verifyFullUrl("postgres"), otherCa)
                .build())) {
            p.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> p.status().stream().anyMatch(s -> s.lastError() != null));
            String error = p.status().stream().map(TableStatus::lastError).filter(e -> e != null).findFirst().orElseThrow();
            System.out.println("PipelineTlsIT, wrong Doris CA: " + error);
            assertThat(error).contains("is not trusted by trust store '" + otherCa.truststore() + "'").contains("'truststore'");
        }
    }
}
