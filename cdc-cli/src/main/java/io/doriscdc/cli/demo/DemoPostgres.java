package io.doriscdc.cli.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's PostgreSQL: a real server from the zonky binaries packed in the jar, with
 * {@code wal_level=logical}, its data in a temporary directory that is removed when it stops.
 * Not thread-safe; start and close from one thread.
 */
final class DemoPostgres implements AutoCloseable {

    private final EmbeddedPostgres pg;

    private DemoPostgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static DemoPostgres start() {
        Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "doris-cdc-demo-pg"); // unpacked once, reused by later runs
        try {
            Files.createDirectories(binaries);
            Path data = Files.createTempDirectory("doris-cdc-demo-data-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            return new DemoPostgres(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL (binaries under " + binaries + "): " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    int port() {
        return pg.getPort();
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("the embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
