package io.doriscdc.runtime.testing;

import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline in a process of its own, for crash tests: it runs until the test kills it with
 * SIGKILL. Arguments: jdbcUrl user password slot feHostPort table...; the system property
 * {@code crash.createTables=true} turns table creation on.
 */
public final class CrashChild {

    private CrashChild() {
    }

    /**
     * Starts a child JVM running this class with the test class path, its output echoed when it says
     * STARTED, FAILED or ERROR; {@code jvmOptions} such as {@code -Dcrash.createTables=true}.
     */
    public static Process spawn(List<String> jvmOptions, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-cp", classpath));
        cmd.addAll(jvmOptions);
        cmd.add(CrashChild.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> out.lines().filter(l -> l.startsWith("STARTED") || l.startsWith("FAILED") || l.contains("ERROR"))
                .forEach(l -> System.out.println("[child] " + l)), "child-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    public static void main(String[] args) throws Exception {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(args[0]).user(args[1]).password(args[2])
                .slot(args[3]).publication(args[3])
                .transport("streamload").transportSetting("fe", args[4]).transportSetting("format", "json")
                .transportSetting("max-attempts", "3").transportSetting("initial-backoff", "50ms")
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1))
                .snapshotBatchRows(2_000).snapshotChunkPages(32);
        b.createTables(Boolean.getBoolean("crash.createTables"));
        for (int i = 5; i < args.length; i++) {
            b.route("public." + args[i], "db", args[i]);
        }
        Pipeline p = Pipeline.create(b.build());
        p.start();
        System.out.println("STARTED");
        System.out.flush();
        while (true) {
            Thread.sleep(1000); // idle main thread of a process that only ends by being killed
            if (p.failure().isPresent()) {
                System.out.println("FAILED " + p.failure().get());
                System.out.flush();
            }
        }
    }
}
