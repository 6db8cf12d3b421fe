package io.doriscdc.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/doris-cdc.jar ...} as a user runs it, its output captured in files (so a
 * full pipe never blocks it). Not thread-safe.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path jar() {
        String jar = System.getProperty("doris-cdc.jar", "target/doris-cdc.jar");
        Path p = Path.of(jar);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("the runnable jar " + p.toAbsolutePath() + " is missing; run the ITs with mvn verify (package builds it)");
        }
        return p;
    }

    static CliProcess start(Map<String, String> env, String... args) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "cli-it"));
            String name = (args.length == 0 ? "cli" : args[0]) + "-" + System.nanoTime();
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar().toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            pb.environment().remove("TERM"); // plain progress lines, as in CI
            return new CliProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CliProcess start(String... args) {
        return start(Map.of(), args);
    }

    /** Waits for the exit and returns the exit code. */
    private static final java.util.regex.Pattern METRICS = java.util.regex.Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** {@code doris-cdc status --config yaml}'s output; it must exit 0. */
    static String status(Map<String, String> env, Path yaml) {
        try (CliProcess status = start(env, "status", "--config", yaml.toString())) {
            org.assertj.core.api.Assertions.assertThat(status.await(Duration.ofSeconds(60))).as("status; stderr:\n%s", status.stderr()).isZero();
            return status.stdout();
        }
    }

    /** The metrics port a {@code run} logged at start; fails when the process ends first. */
    int metricsPort() {
        int[] port = new int[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            java.util.regex.Matcher m = METRICS.matcher(stderr());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            org.assertj.core.api.Assertions.assertThat(isAlive()).as("%s ended; stderr:\n%s", this, stderr()).isTrue();
            return false;
        });
        return port[0];
    }

    /** GET http://127.0.0.1:port/path. */
    static java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("doris-cdc did not exit within " + timeout + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM, as an operator's {@code kill} or a service manager sends. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL, as the OOM killer or a lost node: no stop, no release of the slot or the lease; waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "doris-cdc (" + new File(stdout.toString()).getName() + ")";
    }
}
