package io.doriscdc.chaos;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Keeps one pipeline process running, as systemd or Kubernetes would: when the process ends — killed
 * by the suite, or failed by itself — it waits until PostgreSQL has released the slot and starts the
 * next one. Failures are recorded; those with a connection error around a PostgreSQL restart are
 * marked as expected (the pipeline does not reconnect by itself). Thread-safe.
 */
final class Supervisor implements AutoCloseable {

    private static final Pattern CONNECTION_ERROR = Pattern.compile(
            "(?i)(connection|i/o error|terminat|shut ?down|shutting down|starting up|not yet accepting|refused|eof|closed|57P0|0800|recovery)");

    private final IntFunction<List<String>> args;
    private final String classpath;
    private final Path logDir;
    private final Connector admin;
    private final String slot;
    private final RunLog log;
    private final Thread watcher;
    private final List<ChildFailure> failures = new ArrayList<>();
    private final Set<Integer> killed = new HashSet<>();
    private PipelineProcess current;
    private int started;
    private int kills;
    private volatile boolean closed;
    private double outageFrom = Double.MAX_VALUE;
    private double outageUntil = Double.MAX_VALUE;

    /**
     * {@code args}: the {@link ChaosChild} arguments of the next pipeline process, given how many SIGKILLs the supervisor
     * sent so far (a process that ends by itself is replaced by one with the same arguments).
     */
    Supervisor(IntFunction<List<String>> args, String classpath, Path logDir, Connector admin, String slot, RunLog log) {
        this.args = args;
        this.classpath = classpath;
        this.logDir = logDir;
        this.admin = admin;
        this.slot = slot;
        this.log = log;
        this.watcher = new Thread(this::watch, "chaos-supervisor");
        this.watcher.setDaemon(true);
    }

    void start() {
        synchronized (this) {
            current = launch();
        }
        watcher.start();
    }

    synchronized PipelineProcess current() {
        return current;
    }

    synchronized int processesStarted() {
        return started;
    }

    synchronized int kills() {
        return kills;
    }

    synchronized int unexpectedFailures() {
        return (int) failures.stream().filter(f -> !f.pgRestart()).count();
    }

    synchronized List<ChildFailure> failures() {
        return List.copyOf(failures);
    }

    /** SIGKILLs the running pipeline process (if one runs); the supervisor starts the next. */
    PipelineProcess kill() {
        PipelineProcess p;
        synchronized (this) {
            p = current;
            if (p == null || !p.alive()) {
                return null;
            }
            killed.add(p.number());
            kills++;
        }
        p.kill();
        return p;
    }

    /** SIGKILLs {@code p} if it is still the running pipeline process; false when it is not (it ended by itself meanwhile). */
    boolean kill(PipelineProcess p) {
        synchronized (this) {
            if (current != p || !p.alive()) {
                return false;
            }
            killed.add(p.number());
            kills++;
        }
        p.kill();
        return true;
    }

    /** Blocks until the running pipeline process streams ({@link PipelineProcess#streaming()}), up to {@code timeoutMillis}; null if none did. */
    PipelineProcess awaitStreaming(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        do {
            PipelineProcess p = current();
            if (p != null && p.alive() && p.streaming()) {
                return p;
            }
            Thread.sleep(100); // polling the child's output
        } while (System.currentTimeMillis() < end);
        return null;
    }

    /** PostgreSQL goes down now; failures with connection errors until {@link #pgBack} + 60 s are expected. */
    synchronized void pgDown() {
        outageFrom = log.seconds();
        outageUntil = Double.MAX_VALUE;
    }

    /** PostgreSQL is back (or, when {@code restarted} is false, never went down). */
    synchronized void pgBack(boolean restarted) {
        if (restarted) {
            outageUntil = log.seconds() + 60;
        } else {
            outageFrom = Double.MAX_VALUE;
            outageUntil = Double.MAX_VALUE;
        }
    }

    /** Blocks until a pipeline process has printed STARTED and is alive, up to {@code timeoutMillis}. */
    boolean awaitRunning(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            PipelineProcess p = current();
            if (p != null && p.alive() && p.started()) {
                return true;
            }
            Thread.sleep(100); // polling the child's state
        }
        return false;
    }

    private void watch() {
        while (!closed) {
            PipelineProcess p = current();
            if (p != null && !p.alive()) {
                boolean wasKilled;
                synchronized (this) {
                    wasKilled = killed.contains(p.number());
                }
                if (!wasKilled) {
                    recordFailure(p);
                    pause(500); // back off after a failure, as a supervisor does
                }
                awaitSlotReleased();
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    current = launch();
                }
            }
            pause(50);
        }
    }

    private void recordFailure(PipelineProcess p) {
        String message = p.failure().orElse("exited with code " + p.exitCode() + " without a FAILED line; see " + p.log());
        double at = log.seconds();
        boolean pgRestart;
        synchronized (this) {
            pgRestart = at >= outageFrom - 1 && at <= outageUntil && CONNECTION_ERROR.matcher(message).find();
            failures.add(new ChildFailure(p.number(), at, p.exitCode(), message, pgRestart));
        }
        log.line("pipeline " + p.number() + " ended by itself" + (pgRestart ? " (PostgreSQL restart)" : " UNEXPECTEDLY") + ": "
                + abbreviate(message) + " [" + p.log() + "]");
    }

    /** After a SIGKILL the walsender may still hold the slot for a moment; a new pipeline would be refused. */
    private void awaitSlotReleased() {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end && !closed) {
            try (Connection c = admin.open();
                 PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return;
                    }
                }
            } catch (SQLException e) {
                return; // PostgreSQL is down: the next process will fail to start and be started again
            }
            pause(50);
        }
    }

    private PipelineProcess launch() {
        int number = ++started;
        List<String> a = args.apply(kills);
        PipelineProcess p = PipelineProcess.start(number, a, classpath, logDir);
        log.line("started " + p);
        return p;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the supervisor's polling interval
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Long messages keep their start and their end, where the cause usually is. */
    static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 200) + " … " + s.substring(s.length() - 300) : s;
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        try {
            watcher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PipelineProcess p;
        synchronized (this) {
            p = current;
            if (p != null) {
                killed.add(p.number());
            }
        }
        if (p != null && p.alive()) {
            p.kill();
        }
    }
}
