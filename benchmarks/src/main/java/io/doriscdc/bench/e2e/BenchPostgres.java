package io.doriscdc.bench.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL the harnesses measure against: zonky embedded binaries with the same logical-decoding
 * settings the tests use (test-support's {@code ServerSettings}), data under the temp directory, or an
 * external server given by {@code --pg-url} (it must run with {@code wal_level = logical}). Not thread-safe.
 */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private BenchPostgres(EmbeddedPostgres embedded, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** An external server when {@code url} is set, else a fresh embedded one. */
    static BenchPostgres start(String url, String user, String password) {
        if (url != null) {
            return new BenchPostgres(null, url, user, password);
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "doris-cdc-bench");
        try {
            Files.createDirectories(root.resolve("work"));
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(root.resolve("work").toFile())
                    .setDataDirectory(root.resolve("data-" + ProcessHandle.current().pid()).toFile())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60));
            Map.of("wal_level", "logical", "max_replication_slots", "64", "max_wal_senders", "20", "max_connections", "100",
                    "fsync", "off", "full_page_writes", "off", "synchronous_commit", "off", "shared_buffers", "512MB",
                    "max_wal_size", "4GB", "wal_sender_timeout", "120s").forEach(b::setServerConfig);
            EmbeddedPostgres pg = b.start();
            return new BenchPostgres(pg, "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL under " + root, e);
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** A libpq connection string for the same server (for pg_recvlogical). */
    String libpq() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        String hostPort = rest.substring(0, slash);
        String db = rest.substring(slash + 1).replaceAll("\\?.*", "");
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "5432" : hostPort.substring(colon + 1);
        return "host=" + host + " port=" + port + " dbname=" + db + " user=" + user + (password.isEmpty() ? "" : " password=" + password);
    }

    String query(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    String version() throws SQLException {
        return query("SELECT current_setting('server_version')");
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
