package io.doriscdc.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real PostgreSQL database with logical decoding.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension PG = PostgresExtension.create();
 * ...
 * try (Connection c = PG.connect()) { ... }
 * }</pre>
 *
 * <p>The server ({@link PgServers#shared()}) starts once per JVM. Each test class gets a fresh
 * database; after the class, the replication slots of that database (and of any database made with
 * {@link #createDatabase(String)}) are dropped, then the databases. Publications go with their
 * database. Use it as a {@code static} field; thread-safe.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> databases = new ArrayList<>();
    private volatile String database;
    private volatile PgServer server;

    private PostgresExtension() {
    }

    public static PostgresExtension create() {
        return new PostgresExtension();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        server = PgServers.shared();
        String base = context.getRequiredTestClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        database = createDatabase(base + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        List<String> toDrop;
        synchronized (databases) {
            toDrop = new ArrayList<>(databases);
            databases.clear();
        }
        for (String db : toDrop) {
            dropDatabase(db);
        }
    }

    /** Creates another database on the server, dropped (with its slots) after the class. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = server().connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(name));
        }
        synchronized (databases) {
            databases.add(name);
        }
        return name;
    }

    private void dropDatabase(String db) throws SQLException {
        try (Connection c = server().connect("postgres"); Statement st = c.createStatement()) {
            // walsenders keep their slots active: end them, then drop the slots, then the database
            st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = " + literal(db)
                    + " AND active_pid IS NOT NULL");
            for (int attempt = 0; attempt < 50; attempt++) {
                try (ResultSet rs = st.executeQuery("SELECT slot_name FROM pg_replication_slots WHERE database = " + literal(db))) {
                    List<String> slots = new ArrayList<>();
                    while (rs.next()) {
                        slots.add(rs.getString(1));
                    }
                    if (slots.isEmpty()) {
                        break;
                    }
                    try (Statement drop = c.createStatement()) {
                        for (String slot : slots) {
                            drop.execute("SELECT pg_drop_replication_slot(" + literal(slot) + ")");
                        }
                    } catch (SQLException stillActive) {
                        // the walsender has not exited yet: wait for it (bounded), then retry
                        st.execute("SELECT pg_sleep(0.1)");
                    }
                }
            }
            st.execute("DROP DATABASE IF EXISTS " + quote(db) + " WITH (FORCE)");
        }
    }

    /** The server this class runs against. */
    public PgServer server() {
        if (server == null) {
            throw new IllegalStateException("PostgresExtension is used before beforeAll: register it as a static field with @RegisterExtension");
        }
        return server;
    }

    /** This class's database. */
    public String databaseName() {
        server();
        return database;
    }

    public String jdbcUrl() {
        return server().jdbcUrl(databaseName());
    }

    public String user() {
        return server().user();
    }

    public String password() {
        return server().password();
    }

    public int majorVersion() {
        return server().majorVersion();
    }

    /** A plain autocommit connection to this class's database. */
    public Connection connect() throws SQLException {
        return server().connect(databaseName());
    }

    /** A replication connection ({@code replication=database}, simple query mode) to this class's database, for pgjdbc's replication API. */
    public Connection connectReplication() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        p.setProperty("replication", "database");
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("assumeMinServerVersion", "10");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    /** Runs statements in this class's database, one after the other. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String s) {
        return '\'' + s.replace("'", "''") + '\'';
    }
}
