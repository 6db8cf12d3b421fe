package io.doriscdc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./doris-cdc} starts the JVM with the options of {@code cdc-cli/jvm.options}, then
 * {@code DORIS_CDC_JAVA_OPTS}, which win; a collector named there replaces the file's. Run against a
 * stand-in {@code java} that prints its arguments.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "doris-cdc");
    private static final Path OPTIONS = Path.of("jvm.options");

    @TempDir
    Path tmp;

    private Path java;

    @BeforeEach
    void standInJava() throws Exception {
        java = Files.createDirectories(tmp.resolve("jdk").resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
    }

    private List<String> javaArguments(Map<String, String> env) throws Exception {
        return javaArguments(env, "--version");
    }

    /** The arguments the launcher gives java for {@code command}. */
    private List<String> javaArguments(Map<String, String> env, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), command).redirectErrorStream(true);
        pb.environment().remove("DORIS_CDC_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        pb.environment().put("DORIS_CDC_REBUILD", "0"); // the jar as the build left it
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static List<String> fileOptions() throws Exception {
        return Files.readAllLines(OPTIONS).stream().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                .flatMap(l -> List.of(l.split("\\s+")).stream()).toList();
    }

    @Test
    void theJvmStartsWithTheOptionsOfTheFileThenTheJar() throws Exception {
        List<String> file = fileOptions();
        assertThat(file).as("the file sets the heap and the collector").anyMatch(o -> o.startsWith("-Xmx")).anyMatch(o -> o.matches("-XX:\\+Use.*GC"));
        List<String> args = javaArguments(Map.of());
        assertThat(args).startsWith(file.toArray(String[]::new));
        assertThat(args.subList(file.size(), args.size())).hasSize(3).startsWith("-jar").endsWith("--version");
        assertThat(new File(args.get(file.size() + 1))).hasName("doris-cdc.jar");
    }

    @Test
    void theGatewaysJvmIsLeftToItsOwnDefaultsAndTheEnvironment() throws Exception {
        assertThat(javaArguments(Map.of("DORIS_CDC_JAVA_OPTS", "-Xmx1g"), "gateway")).startsWith("-Xmx1g", "-jar").endsWith("gateway");
    }

    @Test
    void optionsOfTheEnvironmentComeAfterTheFilesSoTheyWin() throws Exception {
        List<String> args = javaArguments(Map.of("DORIS_CDC_JAVA_OPTS", "-Xmx2g  -Dx=y"));
        int file = args.indexOf(fileOptions().stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElseThrow());
        assertThat(args.indexOf("-Xmx2g")).isGreaterThan(file).isLessThan(args.indexOf("-jar"));
        assertThat(args).contains("-Dx=y");
    }

    @Test
    void aCollectorNamedInTheEnvironmentReplacesTheFilesCollector() throws Exception {
        List<String> args = javaArguments(Map.of("DORIS_CDC_JAVA_OPTS", "-XX:+UseG1GC"));
        assertThat(args.stream().filter(o -> o.matches("-XX:[+-]Use[A-Za-z0-9]*GC")).toList()).containsExactly("-XX:+UseG1GC");
        assertThat(args).containsAll(fileOptions().stream().filter(o -> !o.matches("-XX:[+-]Use[A-Za-z0-9]*GC")).toList());
    }
}
