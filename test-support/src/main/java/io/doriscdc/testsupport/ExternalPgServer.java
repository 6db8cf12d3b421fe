package io.doriscdc.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;

/**
 * A server the environment provides through {@code CDC_TEST_PG_URL}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres&password=secret}. The user must be
 * a superuser (tests create databases, roles and slots) and the server must run with
 * {@code wal_level=logical}.
 */
final class ExternalPgServer implements PgServer {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int major;

    private ExternalPgServer(String host, int port, String user, String password, int major) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.major = major;
    }

    static PgServer fromUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("CDC_TEST_PG_URL must look like jdbc:postgresql://host:port/db?user=...&password=..., got: "
                    + url.replaceAll("password=[^&]*", "password=****"));
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    params.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        String user = params.getOrDefault("user", System.getenv().getOrDefault("PGUSER", "postgres"));
        String password = params.getOrDefault("password", System.getenv().getOrDefault("PGPASSWORD", ""));
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000, current_setting('wal_level'), "
                     + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            rs.next();
            if (!"logical".equals(rs.getString(2))) {
                throw new IllegalStateException("the server at CDC_TEST_PG_URL runs with wal_level=" + rs.getString(2)
                        + "; set wal_level=logical (and restart it) for the tests");
            }
            if (!rs.getBoolean(3)) {
                throw new IllegalStateException("user " + user + " of CDC_TEST_PG_URL is not a superuser; the tests create databases, roles and slots");
            }
            return new ExternalPgServer(host, port, user, password, rs.getInt(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to CDC_TEST_PG_URL (" + host + ":" + port + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String source() {
        return "CDC_TEST_PG_URL";
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public int majorVersion() {
        return major;
    }

    @Override
    public Optional<Path> binDir() {
        return Optional.empty();
    }
}
