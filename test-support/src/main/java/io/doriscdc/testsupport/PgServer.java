package io.doriscdc.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * A running PostgreSQL server with {@code wal_level=logical}, shared by the tests of one JVM.
 * Thread-safe.
 */
public interface PgServer {

    /** Where the server came from: {@code CDC_TEST_PG_URL}, {@code testcontainers} or {@code embedded}. */
    String source();

    String host();

    int port();

    String user();

    String password();

    /** The major version the server reports ({@code server_version_num / 10000}). */
    int majorVersion();

    /** The directory holding {@code pg_ctl}, {@code pg_recvlogical} and friends, when the binaries are local. */
    Optional<java.nio.file.Path> binDir();

    /**
     * Crashes the server and starts it again: {@code pg_ctl stop -m immediate} (no shutdown checkpoint,
     * every session cut off, crash recovery at the next start), then, after {@code downFor}, a start on
     * the same port and data directory. Returns once the server accepts connections again. Blocks the
     * caller for the whole restart; concurrent calls run one after the other.
     *
     * @return true after a restart; false, doing nothing, where this JVM cannot restart the server (a
     *         server from {@code CDC_TEST_PG_URL} or Testcontainers)
     * @throws IllegalStateException when {@code pg_ctl} fails or the server does not come back, naming its log file
     */
    default boolean restartImmediately(java.time.Duration downFor) {
        return false;
    }

    /** {@link #restartImmediately(java.time.Duration)} without waiting between stop and start. */
    default boolean restartImmediately() {
        return restartImmediately(java.time.Duration.ZERO);
    }

    /** A JDBC URL for one database of the server. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A plain connection (autocommit) to a database of the server. */
    default Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        return DriverManager.getConnection(jdbcUrl(database), p);
    }
}
