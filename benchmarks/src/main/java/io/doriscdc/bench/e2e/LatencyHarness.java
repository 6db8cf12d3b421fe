package io.doriscdc.bench.e2e;

import io.doriscdc.emulator.DorisEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One question: how long after its COMMIT is a row readable in Doris, under steady load and for a lone
 * transaction on an idle stream? (Issue #17 goal 4: p99 at most {@code batch.max-age} + 250 ms; a lone
 * transaction within 250 ms, with at most {@code batch.max-loads-per-second} loads per table per second.)
 *
 * <p>Method: writer sessions ({@link PacedWriters}) insert rows into PostgreSQL at a fixed rate in small
 * transactions and note the time each COMMIT returned; the pipeline streams them in a child JVM
 * ({@link StreamingChild}, started with the launcher's JVM options) into the Doris emulator, which runs in
 * this JVM and reports the moment each load's rows become readable ({@link VisibilityRecorder}). A row's
 * latency is the time from its transaction's COMMIT returning to its load's commit in the emulator. After a
 * warm-up at the highest rate, each rate runs for {@code --seconds}; the first {@value #SKIP_SECONDS} seconds of
 * a phase are not counted (the batcher settles into the rate). Then {@code --lone} single-row transactions,
 * each after a pause longer than the load interval, measure a lone transaction on an idle stream.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.e2e.LatencyHarness [options]}; see {@link #USAGE}.
 */
public final class LatencyHarness {

    static final String USAGE = """
            LatencyHarness [--rates 1000,10000,20000] [--seconds 30] [--warmup-seconds 10] [--writers 4] [--txns-per-second 200]
                           [--lone 10] [--batch-max-age-ms N] [--max-loads-per-second X] [--child-jvm launcher]
                           [--pg-url jdbc:postgresql://host:port/db --pg-user U --pg-password P]
              --rates                 changes (inserted rows) per second of each steady phase
              --txns-per-second       transactions per second across the writers (rows per transaction = rate / this)
              --batch-max-age-ms, --max-loads-per-second
                                      the pipeline's batch.max-age and batch.max-loads-per-second (default: the pipeline's defaults)
              --child-jvm             JVM options of the pipeline (default launcher: those of ./doris-cdc, cdc-cli/jvm.options;
                                      none, name=OPTIONS or name=launcher OPTIONS as in EndToEndHarness); -cp CLASSPATH among
                                      them runs another build, e.g. 'old=launcher -cp benchmarks/target/classes:old/benchmarks.jar'""";

    static final int SKIP_SECONDS = 2;
    private static final String PUBLICATION = "latency_pub";
    private static final String SLOT = "bench_latency";
    private static final String DORIS_TABLE = "lat_items";

    private LatencyHarness() {
    }

    /** The figures of one steady phase, or of the lone transactions (rate 0). */
    record Phase(String name, double rowsPerSecond, double txnsPerSecond, long samples, long[] sortedNanos, double loadsPerSecond,
                 double rowsPerLoad, double cpuMicrosPerChange, long missing, long[] sortedNewestNanos) {

        double percentileMs(double p) {
            return percentile(sortedNanos, p);
        }

        /** Of the latency of each load's newest row: the part of a row's latency that is not waiting in a batch. */
        double newestMs(double p) {
            return percentile(sortedNewestNanos, p);
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.round(p * (sorted.length - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("rates", "seconds", "warmup-seconds", "writers", "txns-per-second", "lone", "batch-max-age-ms",
                "max-loads-per-second", "child-jvm", "pg-url", "pg-user", "pg-password"), USAGE);
        long[] rates = Arrays.stream(o.get("rates", "1000,10000,20000").split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        Duration phase = Duration.ofSeconds(o.getLong("seconds", 30));
        Duration warmup = Duration.ofSeconds(o.getLong("warmup-seconds", 10));
        int txnsPerSecond = (int) o.getLong("txns-per-second", 200);
        String maxAge = o.get("batch-max-age-ms", "-");
        String loadsPerSecond = o.get("max-loads-per-second", "-");
        List<LauncherJvm.OptionSet> jvm = LauncherJvm.sets(o.get("child-jvm", "launcher"));
        if (jvm.size() != 1) {
            throw new IllegalArgumentException("--child-jvm takes one option set here, got " + jvm.size());
        }
        VisibilityRecorder recorder = new VisibilityRecorder(Workload.DORIS_DB, DORIS_TABLE);
        try (BenchPostgres pg = BenchPostgres.start(o.get("pg-url", null), o.get("pg-user", "postgres"), o.get("pg-password", ""));
             DorisEmulator emu = DorisEmulator.builder().backends(1).memoryBudgetBytes(1L << 30).maxLoadHistory(100)
                     .visibilityListener(recorder).start()) {
            emu.sql(Workload.DORIS_DB, "CREATE DATABASE IF NOT EXISTS " + Workload.DORIS_DB);
            emu.sql(Workload.DORIS_DB, Workload.dorisDdl(DORIS_TABLE));
            try (var c = pg.connect()) {
                Workload.createTable(c);
            }
            pg.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
            pg.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + Workload.TABLE);
            pg.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
            pg.execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
            List<String> childArgs = List.of(pg.jdbcUrl(), pg.user(), pg.password(), PUBLICATION, SLOT, "streamload",
                    "fe=127.0.0.1:" + emu.feHttpPort() + ";format=json", DORIS_TABLE, maxAge, loadsPerSecond);
            try (Child child = Child.start(jvm.get(0).options(), System.getProperty("java.class.path"), childArgs);
                 PacedWriters writers = new PacedWriters(pg, (int) o.getLong("writers", 4), 1)) {
                long maxAgeMs = Long.parseLong(child.ready().replaceAll("[^0-9]", ""));
                double rate = loadsPerSecond.equals("-") ? 1 : Double.parseDouble(loadsPerSecond);
                System.out.printf(Locale.ROOT, "PostgreSQL %s, %d cores, pipeline JVM %s, batch.max-age %d ms, batch.max-loads-per-second %s,"
                                + " %d writers, %d transactions/s%n", pg.version(), Runtime.getRuntime().availableProcessors(), jvm.get(0), maxAgeMs,
                        loadsPerSecond.equals("-") ? "default" : loadsPerSecond, (int) o.getLong("writers", 4), txnsPerSecond);
                long top = Arrays.stream(rates).max().orElse(1000);
                Phase w = steady("warm-up", writers, recorder, child, emu, top, txnsPerSecond, warmup, maxAgeMs);
                System.out.println("  " + line(w));
                List<Phase> out = new ArrayList<>();
                for (long r : rates) {
                    Phase p = steady(String.format(Locale.ROOT, "%,d changes/s", r), writers, recorder, child, emu, r, txnsPerSecond, phase, maxAgeMs);
                    System.out.println("  " + line(p));
                    out.add(p);
                }
                Phase lone = lone(writers, recorder, child, (int) o.getLong("lone", 10), rate);
                System.out.println("  " + line(lone));
                out.add(lone);
                print(out, maxAgeMs, rate, child.cpuAndRss()[1]);
            }
        }
    }

    /** One steady phase: writes at {@code rate} for {@code d}, waits until every row is readable, then matches. */
    private static Phase steady(String name, PacedWriters writers, VisibilityRecorder recorder, Child child, DorisEmulator emu, long rate,
                                int txnsPerSecond, Duration d, long maxAgeMs) throws Exception {
        recorder.drain();
        long cpu0 = child.cpuAndRss()[0];
        long start = System.nanoTime();
        List<PacedWriters.Txn> txns = writers.run(rate, txnsPerSecond, d);
        long end = System.nanoTime();
        long rows = txns.stream().mapToLong(PacedWriters.Txn::rows).sum();
        List<VisibilityRecorder.Load> loads = awaitVisible(recorder, rows, Duration.ofMillis(maxAgeMs).plusSeconds(60));
        long cpu = child.cpuAndRss()[0] - cpu0;
        emu.sql(Workload.DORIS_DB, "TRUNCATE TABLE " + DORIS_TABLE); // keeps the emulator's heap, and so its collections, small
        return match(name, txns, loads, start + TimeUnit.SECONDS.toNanos(SKIP_SECONDS), end, cpu, rows);
    }

    /** Collects loads until {@code rows} keys were seen or the timeout passed. */
    private static List<VisibilityRecorder.Load> awaitVisible(VisibilityRecorder recorder, long rows, Duration timeout) {
        List<VisibilityRecorder.Load> loads = new ArrayList<>();
        long seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < rows && System.nanoTime() < deadline) {
            for (VisibilityRecorder.Load l : recorder.drain()) {
                loads.add(l);
                seen += l.keys().length;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        return loads;
    }

    /**
     * Latencies of the rows of transactions committed in {@code [from, to]}; loads per second and rows per
     * load of the loads readable in that window.
     */
    private static Phase match(String name, List<PacedWriters.Txn> txns, List<VisibilityRecorder.Load> loads, long from, long to, long cpuNanos,
                               long allRows) {
        List<PacedWriters.Txn> sorted = new ArrayList<>(txns);
        sorted.sort((a, b) -> Long.compare(a.firstKey(), b.firstKey()));
        long[] firstKeys = sorted.stream().mapToLong(PacedWriters.Txn::firstKey).toArray();
        long counted = sorted.stream().filter(t -> t.committedNanos() >= from && t.committedNanos() <= to).mapToLong(PacedWriters.Txn::rows).sum();
        long[] latencies = new long[(int) counted];
        int n = 0;
        long seen = 0;
        int windowLoads = 0;
        long windowRows = 0;
        List<Long> newest = new ArrayList<>();
        for (VisibilityRecorder.Load l : loads) {
            if (l.nanos() >= from && l.nanos() <= to) {
                windowLoads++;
                windowRows += l.keys().length;
            }
            long lastCommit = Long.MIN_VALUE;
            for (long key : l.keys()) {
                int i = Arrays.binarySearch(firstKeys, key);
                PacedWriters.Txn t = sorted.get(i >= 0 ? i : -i - 2);
                seen++;
                lastCommit = Math.max(lastCommit, t.committedNanos());
                if (t.committedNanos() >= from && t.committedNanos() <= to && n < latencies.length) {
                    latencies[n++] = Math.max(0, l.nanos() - t.committedNanos());
                }
            }
            if (lastCommit >= from && lastCommit <= to) {
                newest.add(Math.max(0, l.nanos() - lastCommit));
            }
        }
        long[] done = Arrays.copyOf(latencies, n);
        Arrays.sort(done);
        double window = (to - from) / 1e9;
        long windowTxns = sorted.stream().filter(t -> t.committedNanos() >= from && t.committedNanos() <= to).count();
        return new Phase(name, counted / window, windowTxns / window, n, done, windowLoads / window,
                windowLoads == 0 ? 0 : (double) windowRows / windowLoads, cpuNanos / 1e3 / Math.max(1, allRows), allRows - seen,
                newest.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /**
     * {@code count} single-row transactions, each after a pause of 1.5 load intervals (at least 1.5 s), so that
     * every one finds an idle stream and a table whose last load is older than the load interval.
     */
    private static Phase lone(PacedWriters writers, VisibilityRecorder recorder, Child child, int count, double loadsPerSecond) throws Exception {
        long pause = Math.max(1_500_000_000L, Math.round(1.5e9 / loadsPerSecond));
        recorder.drain();
        long cpu0 = child.cpuAndRss()[0];
        long[] latencies = new long[count];
        long missing = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            var visible = recorder.await(writers.peekNextKey());
            PacedWriters.Txn t = writers.single(1);
            try {
                latencies[i] = Math.max(0, visible.get(60, TimeUnit.SECONDS) - t.committedNanos());
            } catch (java.util.concurrent.TimeoutException e) {
                missing++;
                latencies[i] = Long.MAX_VALUE;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int loads = recorder.drain().size();
        Arrays.sort(latencies);
        return new Phase(String.format(Locale.ROOT, "lone transactions (%d, %.1f s apart)", count, pause / 1e9), count / seconds, count / seconds,
                count - missing, latencies, loads / seconds, loads == 0 ? 0 : (double) count / loads,
                (child.cpuAndRss()[0] - cpu0) / 1e3 / count, missing, latencies);
    }

    private static String line(Phase p) {
        return String.format(Locale.ROOT, "%-38s %,9.0f rows/s %6.0f txns/s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %6.2f loads/s %,9.0f rows/load"
                        + "  newest row of a load p50 %5.1f max %6.1f ms  pipeline %5.1f CPU-µs/change  (%,d rows timed%s)", p.name(), p.rowsPerSecond(),
                p.txnsPerSecond(), p.percentileMs(0.5), p.percentileMs(0.99), p.percentileMs(1), p.loadsPerSecond(), p.rowsPerLoad(), p.newestMs(0.5),
                p.newestMs(1), p.cpuMicrosPerChange(), p.samples(),
                p.missing() == 0 ? "" : String.format(Locale.ROOT, ", %,d never readable (!)", p.missing()));
    }

    private static void print(List<Phase> phases, long maxAgeMs, double loadsPerSecond, long peakRssKib) {
        System.out.println();
        System.out.println("| load | rows/s | txns/s | p50 ms | p99 ms | max ms | loads/s | rows/load | newest row of a load: p50 / max ms | pipeline CPU-µs/change |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f | %.1f | %.1f | %.1f | %.2f | %,.0f | %.1f / %.1f | %.1f |%n", p.name(), p.rowsPerSecond(),
                    p.txnsPerSecond(), p.percentileMs(0.5), p.percentileMs(0.99), p.percentileMs(1), p.loadsPerSecond(), p.rowsPerLoad(), p.newestMs(0.5),
                    p.newestMs(1), p.cpuMicrosPerChange());
        }
        double bound = Math.max(loadsPerSecond, 1000.0 / maxAgeMs);
        System.out.printf(Locale.ROOT, "goals: steady p99 <= batch.max-age + 250 ms = %d ms; lone transaction <= 250 ms; loads per table per second"
                + " <= max(batch.max-loads-per-second, 1 / batch.max-age) = %.2f for batches that are not full; pipeline peak RSS %,d MiB%n",
                maxAgeMs + 250, bound, peakRssKib / 1024);
    }

    /** The {@link StreamingChild} JVM. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintStream in;
        private String ready;

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Child start(List<String> jvmOptions, String classpath, List<String> args) throws Exception {
            List<String> cmd = LauncherJvm.command(jvmOptions, classpath);
            cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StreamingChild.class.getName()));
            cmd.addAll(args);
            Child c = new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            c.ready = c.await("READY");
            return c;
        }

        String ready() {
            return ready;
        }

        /** The child's process CPU nanos and peak RSS KiB so far. */
        long[] cpuAndRss() throws Exception {
            in.println("CPU");
            String[] f = await("CPU ").split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        }

        private String await(String prefix) throws Exception {
            for (String l; (l = out.readLine()) != null; ) {
                if (l.startsWith(prefix)) {
                    return l;
                }
                if (l.startsWith("FAILED")) {
                    throw new IllegalStateException("the pipeline child failed: " + l);
                }
                System.out.println("  child: " + l);
            }
            throw new IllegalStateException("the pipeline child ended (exit " + process.waitFor() + ") before printing " + prefix);
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroy();
            }
        }
    }
}
