package io.doriscdc.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL of its own (zonky embedded binaries, data under {@code target/}) that accepts TLS
 * connections only: {@code ssl=on} with the server certificate of a {@link TlsFiles}, and a
 * {@code pg_hba.conf} of {@code hostssl ... scram-sha-256} lines for {@code 127.0.0.1} and
 * {@code ::1} (replication too) and {@code hostnossl ... reject}. The superuser {@code postgres} has
 * the password given. Logical decoding is on, as on the shared test server. Separate from the
 * server of {@link PostgresExtension}, which other tests of the JVM use without TLS.
 *
 * <p>Thread-safe. Close it to stop the server.
 */
public final class SslPostgres implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String TRUST_OVER_TLS = """
            local all all trust
            hostssl all all 127.0.0.1/32 trust
            hostssl all all ::1/128 trust
            hostssl replication all 127.0.0.1/32 trust
            hostssl replication all ::1/128 trust
            """;
    private static final String PASSWORD_OVER_TLS = """
            local all all trust
            hostssl all all 127.0.0.1/32 scram-sha-256
            hostssl all all ::1/128 scram-sha-256
            hostssl replication all 127.0.0.1/32 scram-sha-256
            hostssl replication all ::1/128 scram-sha-256
            hostnossl all all all reject
            hostnossl replication all all reject
            """;

    private final EmbeddedPostgres pg;
    private final TlsFiles tls;
    private final String password;

    private SslPostgres(EmbeddedPostgres pg, TlsFiles tls, String password) {
        this.pg = pg;
        this.tls = tls;
        this.password = password;
    }

    /**
     * Starts the server with {@code tls}'s certificate; {@code postgres} gets {@code password}. It first
     * comes up trusting TLS clients (zonky checks it answers), then the password is set and
     * {@code pg_hba.conf} switched to {@code scram-sha-256}; returns once a client without the password
     * is refused.
     *
     * @throws IllegalStateException when the server does not start or does not take the new rules
     */
    public static SslPostgres start(TlsFiles tls, String password) {
        if (password == null || password.isEmpty() || password.contains("'")) {
            throw new IllegalArgumentException("the password must be non-empty and without a quote, got '" + password + "'");
        }
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path work = target.resolve("epg-work");
        Path data = target.resolve("epg-ssl-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        try {
            Files.createDirectories(work);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setConnectConfig("sslmode", "require")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath(), TRUST_OVER_TLS));
            ServerSettings.logical().forEach(b::setServerConfig);
            b.setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", tls.serverCertPem().toAbsolutePath().toString())
                    .setServerConfig("ssl_key_file", tls.serverKeyPem().toAbsolutePath().toString())
                    .setServerConfig("password_encryption", "scram-sha-256");
            EmbeddedPostgres pg = b.start();
            SslPostgres server = new SslPostgres(pg, tls, password);
            try {
                server.requirePassword(data);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL with TLS under " + data, e);
        }
    }

    private static void writeHba(Path dataDir, String rules) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), rules, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve("pg_hba.conf"), e);
        }
    }

    private void requirePassword(Path dataDir) {
        Properties trusted = tlsProperties();
        trusted.setProperty("user", user());
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), trusted); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            writeHba(dataDir, PASSWORD_OVER_TLS);
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the password of PostgreSQL with TLS on port " + port() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), trusted)) {
                c.isValid(1); // still trusted: the reload has not happened yet
            } catch (SQLException refused) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL on port " + port() + " still trusts clients 30 s after pg_reload_conf()");
            }
            try {
                Thread.sleep(50); // polling interval while the postmaster rereads pg_hba.conf
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting pg_hba.conf", e);
            }
        }
    }

    /** {@code localhost}: the name the server certificate carries. */
    public String host() {
        return "localhost";
    }

    public int port() {
        return pg.getPort();
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return password;
    }

    /** The certificates the server presents. */
    public TlsFiles tls() {
        return tls;
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>}, without TLS properties (see {@link #tlsProperties()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A JDBC URL with {@code sslmode=verify-full&sslrootcert=<the CA's PEM>}. */
    public String verifyFullUrl(String database) {
        return jdbcUrl(database) + "?sslmode=verify-full&sslrootcert=" + tls.caPem().toAbsolutePath();
    }

    /** pgjdbc properties that verify the server against the CA of {@link #tls()}: {@code sslmode=verify-full}, {@code sslrootcert}. */
    public Properties tlsProperties() {
        Properties p = new Properties();
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", tls.caPem().toAbsolutePath().toString());
        return p;
    }

    /** A connection over TLS (verified) with the password. */
    public Connection connect(String database) throws SQLException {
        Properties p = tlsProperties();
        p.setProperty("user", user());
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Runs statements in autocommit on {@code database}. */
    public void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL with TLS on port " + port() + " did not stop cleanly: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL with TLS on localhost:" + port();
    }
}
