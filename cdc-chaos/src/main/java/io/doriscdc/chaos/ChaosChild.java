package io.doriscdc.chaos;

import io.doriscdc.runtime.FailurePolicy;
import io.doriscdc.runtime.InstanceStatus;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TableStatus;
import io.doriscdc.runtime.TruncatePolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline in a process of its own, for the chaos suite: it runs until it is killed (SIGKILL) or
 * fails. Arguments are {@code key=value}: {@code url user password slot fe db tables truncate}
 * ({@code tables} comma-separated PostgreSQL tables of schema public, each going to {@code db.<same name>}), and
 * optionally {@code status-interval} (default 1s: how often the acknowledged position reaches PostgreSQL when idle),
 * {@code snapshot-batch-rows} (default 2000), {@code snapshot-chunk-pages} (default 32) and {@code snapshot-parallelism}
 * (default 2), which shape the copies, and {@code drop-columns} (default false: a column dropped in PostgreSQL is kept
 * in Doris; true drops it there too, {@code policies.drop-columns: drop}), {@code instance} (the instance id; default
 * host:pid), {@code lease-interval} and {@code lease-timeout} (default 1s and 5s, high availability is on).
 * Prints {@code STARTED} once started (streaming, or standing by), {@code INSTANCE <state> streaming|idle <epoch ms>}
 * whenever its high-availability state changes, {@code PROGRESS <lsn>} when the position acknowledged to PostgreSQL moved
 * (at most once a second), {@code TABLES <table>=<state> ...} whenever the mapped tables or their states
 * change (tables of schema public by name, others qualified), and {@code FAILED <why>} (exit code 3) when the pipeline or
 * a table fails, or {@code FAILED start: <why>} (exit code 4) when it cannot start.
 */
public final class ChaosChild {

    static final int EXIT_FAILED = 3;
    static final int EXIT_START_FAILED = 4;

    private ChaosChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(require(a, "url")).user(require(a, "user")).password(a.getOrDefault("password", ""))
                .slot(require(a, "slot")).publication(require(a, "slot"))
                .transport(a.getOrDefault("transport", "streamload")).transportSettings(transportSettings(a))
                .batchMaxRows(2_000).batchMaxAge(Duration.ofMillis(200)).statusInterval(Durations.parse(a.getOrDefault("status-interval", "1s")))
                .memoryBudgetBytes(32L << 20)
                .snapshotBatchRows(Integer.parseInt(a.getOrDefault("snapshot-batch-rows", "2000")))
                .snapshotChunkPages(Long.parseLong(a.getOrDefault("snapshot-chunk-pages", "32")))
                .snapshotParallelism(Integer.parseInt(a.getOrDefault("snapshot-parallelism", "2")))
                .truncatePolicy(TruncatePolicy.valueOf(a.getOrDefault("truncate", "PROPAGATE")))
                .dropColumns(Boolean.parseBoolean(a.getOrDefault("drop-columns", "false")))
                .failurePolicy(FailurePolicy.STOP_PIPELINE)
                .leaseInterval(Durations.parse(a.getOrDefault("lease-interval", "1s")))
                .leaseTimeout(Durations.parse(a.getOrDefault("lease-timeout", "5s")));
        if (a.containsKey("instance")) {
            b.instanceId(a.get("instance"));
        }
        String db = require(a, "db");
        for (String table : require(a, "tables").split(",")) {
            b.route("public." + table, db, table);
        }
        Pipeline p = Pipeline.create(b.build());
        try {
            p.start();
        } catch (RuntimeException e) {
            System.out.println("FAILED start: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(EXIT_START_FAILED);
        }
        System.out.println("STARTED");
        System.out.flush();
        String tables = "";
        String instance = "";
        String acknowledged = String.valueOf(p.acknowledgedLsn());
        long progressPrinted = 0;
        while (true) {
            InstanceStatus is = p.instance();
            String nowInstance = is.state() + (is.streaming() ? " streaming" : " idle");
            if (!nowInstance.equals(instance)) {
                instance = nowInstance;
                System.out.println("INSTANCE " + nowInstance + " " + System.currentTimeMillis() + " " + is.detail());
                System.out.flush();
            }
            String now = tables(p);
            if (!now.equals(tables)) {
                tables = now;
                System.out.println("TABLES " + now);
                System.out.flush();
            }
            String ack = String.valueOf(p.acknowledgedLsn());
            if (!ack.equals(acknowledged) && System.currentTimeMillis() - progressPrinted >= 1_000) {
                acknowledged = ack;
                progressPrinted = System.currentTimeMillis();
                System.out.println("PROGRESS " + ack); // at most once a second: the acknowledged position moved
                System.out.flush();
            }
            Optional<String> failure = failure(p);
            if (failure.isPresent()) {
                System.out.println("FAILED " + failure.get());
                p.failure().ifPresent(e -> e.printStackTrace(System.out));
                System.out.flush();
                System.exit(EXIT_FAILED);
            }
            Thread.sleep(50); // poll interval of a process that otherwise only waits to be killed
        }
    }

    /**
     * The transport's settings: {@code format} (json, csv) and {@code two-phase} for each; {@code grpc} goes to the ingest
     * gateways in {@code targets}, every other scheme (Stream Load, or a test transport wrapping it) to the FE in {@code fe}.
     */
    private static Map<String, String> transportSettings(Map<String, String> a) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("format", a.getOrDefault("format", "json"));
        t.put("two-phase-commit", a.getOrDefault("two-phase", "false"));
        t.put("max-attempts", "12");
        t.put("initial-backoff", "50ms");
        t.put("max-backoff", "1s");
        if (a.getOrDefault("transport", "streamload").equals("grpc")) {
            t.put("targets", require(a, "targets"));
            t.put("deadline", "30s");
        } else {
            t.put("fe", require(a, "fe"));
            t.put("label-poll-timeout", "20s");
        }
        return t;
    }

    private static Optional<String> failure(Pipeline p) {
        if (p.failure().isPresent()) {
            return Optional.of(String.valueOf(p.failure().get()));
        }
        if (!p.isRunning()) {
            return Optional.of("the pipeline stopped without a failure");
        }
        for (TableStatus t : p.status()) {
            if (t.state() == TableState.FAILED) {
                return Optional.of("table " + t.route() + " FAILED: " + t.lastError());
            }
        }
        return Optional.empty();
    }

    /** {@code accounts=STREAMING toasty=SNAPSHOTTING ...}: the mapped tables and their states, in table order. */
    private static String tables(Pipeline p) {
        StringBuilder sb = new StringBuilder();
        for (TableStatus t : p.status()) {
            String name = t.route().source().schema().equals("public") ? t.route().source().name() : t.route().source().toString();
            sb.append(sb.length() > 0 ? " " : "").append(name).append('=').append(t.state());
        }
        return sb.toString();
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing argument " + key + "=...; got " + a.keySet());
        }
        return v;
    }
}
