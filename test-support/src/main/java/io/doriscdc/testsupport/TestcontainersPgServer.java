package io.doriscdc.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A {@code postgres:<major>-alpine} container, used where a Docker engine is reachable. */
final class TestcontainersPgServer implements PgServer {

    private final PostgreSQLContainer container;
    private final int major;

    private TestcontainersPgServer(PostgreSQLContainer container, int major) {
        this.container = container;
        this.major = major;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static PgServer start(int major) {
        PostgreSQLContainer c = new PostgreSQLContainer("postgres:" + major + "-alpine");
        List<String> cmd = new ArrayList<>(List.of("postgres"));
        ServerSettings.logical().forEach((k, v) -> {
            cmd.add("-c");
            cmd.add(k + "=" + v);
        });
        c.withCommand(cmd.toArray(String[]::new));
        c.start();
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "testcontainers-postgres-stop"));
        return new TestcontainersPgServer(c, major);
    }

    @Override
    public String source() {
        return "testcontainers";
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
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
