package io.doriscdc.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One emulator build in a child JVM: {@link EmulatorServer} from {@code classpath}
 * (a benchmarks jar of any commit that has it), so that its CPU is measured alone and two builds can be
 * measured in one run. Not thread-safe.
 */
final class EmulatorProcess implements AutoCloseable {

    final String name;
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;
    final int fePort;

    private EmulatorProcess(String name, Process process) throws IOException {
        this.name = name;
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        while (ready != null && !ready.startsWith("READY ")) {
            System.err.println(name + ": " + ready); // the JVM's own lines (e.g. -XX:StartFlightRecording's)
            ready = out.readLine();
        }
        if (ready == null) {
            throw new IOException("emulator '" + name + "' ended before it was ready; see its standard error above");
        }
        this.fePort = Integer.parseInt(ready.substring(6).trim());
    }

    /** Starts {@code name=classpath} with {@code jvmArgs} (split on spaces) ahead of the main class. */
    static EmulatorProcess start(String spec, String jvmArgs) throws IOException {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--emulators wants name=classpath, got '" + spec + "'");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        for (String a : jvmArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                cmd.add(a.replace("{name}", spec.substring(0, eq)));
            }
        }
        cmd.addAll(List.of("-cp", spec.substring(eq + 1), EmulatorServer.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new EmulatorProcess(spec.substring(0, eq), p);
    }

    void createTable(String table) throws IOException {
        ask("CREATE " + table);
    }

    long rowCount(String table) throws IOException {
        return Long.parseLong(ask("COUNT " + table));
    }

    /** The child's CPU time so far (every thread: event loops, GC, JIT). */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private String ask(String line) throws IOException {
        in.println(line);
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("emulator '" + name + "' ended while asked '" + line + "'");
        }
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        process.waitFor();
    }
}
