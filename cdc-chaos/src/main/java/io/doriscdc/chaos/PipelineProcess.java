package io.doriscdc.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline child JVM ({@link ChaosChild}), its output going to a log file. {@link #kill()} is
 * SIGKILL ({@link Process#destroyForcibly()}). Thread-safe.
 */
public final class PipelineProcess {

    private final int number;
    private final Process process;
    private final Path log;
    private final long startedNanos = System.nanoTime();
    private final String transport;

    private PipelineProcess(int number, Process process, Path log, String transport) {
        this.number = number;
        this.process = process;
        this.log = log;
        this.transport = transport;
    }

    /**
     * Starts child {@code number} with the {@code key=value} arguments of {@link ChaosChild}.
     *
     * @throws UncheckedIOException when the JVM cannot be started
     */
    public static PipelineProcess start(int number, List<String> args, String classpath, Path logDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", classpath, ChaosChild.class.getName()));
        cmd.addAll(args);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("pipeline-" + number + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new PipelineProcess(number, p, log, transport(args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pipeline process " + number + " (" + java + "): " + e.getMessage(), e);
        }
    }

    public int number() {
        return number;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public double ageSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pipeline process " + number + " (pid " + pid() + ") survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGSTOP: the process freezes with its connections open, as a host that stops answering does
     * (PostgreSQL sees no FIN; its walsender keeps the slot until something ends it).
     */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}: the process goes on where it was. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
            if (!k.waitFor(30, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed (exit " + (k.isAlive() ? "none" : k.exitValue()) + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to " + this + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The high-availability state it last printed ({@code ACTIVE streaming}, {@code STANDBY idle}, ...), or empty before
     * the first {@code INSTANCE} line.
     */
    public String instance() {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            String[] f = all.get(i).split(" ", 5);
            if (f.length >= 3 && f[0].equals("INSTANCE")) {
                return f[1] + " " + f[2];
            }
        }
        return "";
    }

    /** Writes the process's thread dump ({@code jcmd <pid> Thread.print}) next to its log; returns that file. */
    public Path threadDump() {
        Path dump = log.resolveSibling("pipeline-" + number + "-threads-" + System.currentTimeMillis() + ".txt");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return Path.of("(no thread dump: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dump;
    }

    /** The exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Whether it printed STARTED. */
    public boolean started() {
        return lines().stream().anyMatch(l -> l.equals("STARTED"));
    }

    /**
     * Whether it streams: it printed {@code STARTED} and then a {@code PROGRESS} line, i.e. its acknowledged position moved
     * after it started (ChaosChild), so a batch reached Doris and PostgreSQL heard of it.
     */
    public boolean streaming() {
        List<String> all = lines();
        return all.contains("STARTED") && all.stream().anyMatch(l -> l.startsWith("PROGRESS "));
    }

    /** The FAILED line it printed, if it did. */
    public Optional<String> failure() {
        return lines().stream().filter(l -> l.startsWith("FAILED")).findFirst();
    }

    /**
     * The mapped tables and their states ({@code STREAMING}, {@code SNAPSHOTTING}, ...) as the process last printed them
     * (ChaosChild's {@code TABLES} line), in table order; empty before the first such line.
     */
    public Map<String, String> tables() {
        List<String> all = lines();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            String l = all.get(i);
            if (l.startsWith("TABLES ")) {
                for (String entry : l.substring("TABLES ".length()).split(" ")) {
                    int eq = entry.lastIndexOf('=');
                    if (eq > 0) {
                        out.put(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
                break;
            }
        }
        return out;
    }

    /** The last {@code n} lines of its output that are errors or warnings, for a report. */
    public List<String> lastProblems(int n) {
        List<String> problems = lines().stream().filter(l -> l.contains("ERROR") || l.contains("WARN") || l.startsWith("FAILED")).toList();
        return problems.subList(Math.max(0, problems.size() - n), problems.size());
    }

    private List<String> lines() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return "pipeline " + number + " (pid " + pid() + ", " + transport + ")";
    }

    /** {@code scheme/format[/2pc]} as its arguments choose (ChaosChild's defaults: streamload/json). */
    public String transport() {
        return transport;
    }

    private static String transport(List<String> args) {
        String scheme = "streamload";
        String format = "json";
        boolean twoPhase = false;
        for (String a : args) {
            if (a.startsWith("transport=")) {
                scheme = a.substring("transport=".length());
            } else if (a.startsWith("format=")) {
                format = a.substring("format=".length());
            } else if (a.startsWith("two-phase=")) {
                twoPhase = Boolean.parseBoolean(a.substring("two-phase=".length()));
            }
        }
        return scheme + "/" + format + (twoPhase ? "/2pc" : "");
    }
}
