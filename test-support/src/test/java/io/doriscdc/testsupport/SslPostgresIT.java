package io.doriscdc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated certificates and the PostgreSQL that accepts verified TLS connections with a password only. */
class SslPostgresIT {

    private static final Path DIR = Path.of("target", "tls-it");
    private static TlsFiles tls;
    private static TlsFiles otherCa;
    private static SslPostgres pg;

    @BeforeAll
    static void start() {
        tls = TlsFiles.generate(DIR.resolve("ca"));
        otherCa = TlsFiles.generate(DIR.resolve("other-ca"));
        pg = SslPostgres.start(tls, "pg-secret");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theServerCertificateNamesLocalhostAndTheLoopbackAddressesAndIsSignedByTheCa() throws Exception {
        X509Certificate server = (X509Certificate) java.security.KeyStore.getInstance(tls.serverKeyStore().toFile(),
                tls.password().toCharArray()).getCertificateChain("server")[0];
        List<String> names = server.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        server.verify(tls.caCertificate().getPublicKey());
        assertThat(tls.caCertificate().getSubjectX500Principal()).isNotEqualTo(otherCa.caCertificate().getSubjectX500Principal());
    }

    @Test
    void aVerifiedTlsConnectionWithThePasswordIsAccepted() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        try (Connection c = DriverManager.getConnection(pg.verifyFullUrl("postgres") + "&user=postgres&password=pg-secret")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aServerSignedByAnotherCaIsRefusedByVerifyFull() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "pg-secret");
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", otherCa.caPem().toAbsolutePath().toString());
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), p)).isInstanceOf(SQLException.class);
    }

    @Test
    void plainConnectionsAndWrongPasswordsAreRefused() {
        Properties plain = new Properties();
        plain.setProperty("user", "postgres");
        plain.setProperty("password", "pg-secret");
        plain.setProperty("sslmode", "disable");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), plain))
                .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
        Properties wrong = pg.tlsProperties();
        wrong.setProperty("user", "postgres");
        wrong.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), wrong))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }
}
