package io.doriscdc.bench.e2e;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;

/**
 * One question: how close is the pipeline's initial copy to raw binary {@code COPY TO} of the same table,
 * and do parallel CTID ranges beat one connection? (Goals: at least 0.9 of raw {@code COPY} on one
 * connection; parallel faster than one.)
 *
 * <p>In one run on one frozen table (the 10-column table of {@link EndToEndHarness}): raw pgjdbc
 * {@code CopyManager.copyOut("COPY t TO STDOUT (FORMAT binary)")} into a counting stream (a warm-up copy,
 * a measured copy, and another at the end to see drift); then the pipeline's initial copy (a fresh slot,
 * {@code initialSnapshot(true)}, timed from {@code start()} until {@code status().snapshot().done()}):
 * a warm-up copy, parallelism 1 and 2 into the discarding transport, parallelism 2 into the Doris
 * emulator (in a child JVM, {@link EmulatorServer}). MB/s is of the table's heap ({@code pg_relation_size}), the same for every
 * method; payload MB/s is what the transport encoded. CPU is this JVM's (the pipeline's; every thread,
 * JIT and GC included); the emulator's and PostgreSQL's are not counted.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.e2e.SnapshotHarness [options]}; see {@link #USAGE}.
 */
public final class SnapshotHarness {

    static final String USAGE = """
            SnapshotHarness [--rows N] [--format json|csv] [--chunk-pages N] [--batch-rows N] [--wide-rows N] [--emulator true|false] [--repeat N]
                            [--pg-url jdbc:postgresql://host:port/db --pg-user U --pg-password P]
              --rows         rows in the copied table (default 1000000, about 200 MB of heap)
              --chunk-pages  heap pages per CTID range (default 4096, the pipeline's default)
              --batch-rows   rows per load during the copy (default 100000, the pipeline's default)
              --wide-rows    rows of 64 KB in the wide table whose copy's peak RSS is measured (default 4000: 256 MB; 0 skips it)
              --emulator     also copy into the Doris emulator (default true)
              --repeat       rounds of raw COPY, parallelism 1 and 2 (default 1); the table shows the fastest run of each""";

    private static final String PUBLICATION = "snap_pub";

    private SnapshotHarness() {
    }

    record Run(String method, long rows, double seconds, long payloadBytes, double cpuSeconds) {
        double rate() {
            return rows / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("rows", "format", "chunk-pages", "batch-rows", "wide-rows", "emulator", "repeat", "pg-url", "pg-user",
                "pg-password"), USAGE);
        boolean toEmulator = Boolean.parseBoolean(o.get("emulator", "true"));
        long rows = o.getLong("rows", 1_000_000);
        String format = o.get("format", "json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process emu = new ProcessBuilder(java, "-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                EmulatorServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader emuOut = new BufferedReader(new InputStreamReader(emu.getInputStream(), StandardCharsets.UTF_8));
        PrintStream emuIn = new PrintStream(emu.getOutputStream(), true, StandardCharsets.UTF_8);
        String fePort = emuOut.readLine().split(" ")[1];
        try (BenchPostgres pg = BenchPostgres.start(o.get("pg-url", null), o.get("pg-user", "postgres"), o.get("pg-password", ""))) {
            try (Connection c = pg.connect()) {
                Workload.createTable(c);
            }
            long t0 = System.nanoTime();
            Workload.fill(pg, rows);
            long heap = Long.parseLong(pg.query("SELECT pg_relation_size('" + Workload.TABLE + "')"));
            System.out.printf("PostgreSQL %s, %d cores: %,d rows, %.0f MB of heap, filled and frozen in %.1f s; format %s%n", pg.version(),
                    Runtime.getRuntime().availableProcessors(), rows, heap / 1e6, (System.nanoTime() - t0) / 1e9, format);
            pg.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
            pg.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + Workload.TABLE);

            int repeat = (int) o.getLong("repeat", 1);
            List<Run> runs = new ArrayList<>();
            report(rawCopy(pg, "warm-up"), heap, null);
            report(copy(pg, o, "warm-up", "discard", "format=" + format, 2, "warm_items", rows), heap, null);
            String raw1 = "raw COPY binary, 1 connection";
            String p1 = "pipeline → discard, parallelism 1";
            String p2 = "pipeline → discard, parallelism 2";
            String emu2 = "pipeline → emulator, parallelism 2";
            // rounds of raw, parallelism 1, parallelism 2: drift and other load on the machine reach every method alike
            for (int round = 0; round < repeat; round++) {
                runs.add(report(rawCopy(pg, raw1), heap, runs));
                runs.add(report(copy(pg, o, p1, "discard", "format=" + format, 1, "snap_items", rows), heap, runs));
                runs.add(report(copy(pg, o, p2, "discard", "format=" + format, 2, "snap_items", rows), heap, runs));
            }
            if (toEmulator) {
                emuIn.println("CREATE snap_items");
                emuOut.readLine();
                Run toEmu = copy(pg, o, emu2, "streamload", "fe=127.0.0.1:" + fePort + ";format=" + format, 2, "snap_items", rows);
                emuIn.println("COUNT snap_items");
                long inDoris = Long.parseLong(emuOut.readLine().trim());
                runs.add(report(toEmu, heap, runs));
                System.out.println("    Doris table rows: " + inDoris + (inDoris == rows ? " = PostgreSQL" : " != PostgreSQL " + rows + " (!)"));
            }
            runs.add(report(rawCopy(pg, raw1), heap, runs));

            Map<String, Run> best = new java.util.LinkedHashMap<>();
            for (Run r : runs) {
                best.merge(r.method(), r, (a, b) -> a.seconds() <= b.seconds() ? a : b);
            }
            Map<String, Long> count = new java.util.HashMap<>();
            runs.forEach(r -> count.merge(r.method(), 1L, Long::sum));
            double raw = best.get(raw1).rate();
            System.out.println();
            System.out.println("| method (fastest of its runs) | runs | rows | seconds | rows/s | heap MB/s | payload MB/s | JVM CPU s | / raw COPY |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (Run r : best.values()) {
                System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.2f | %,.0f | %.0f | %s | %.1f | %.2f |%n", r.method(), count.get(r.method()), r.rows(),
                        r.seconds(), r.rate(), heap / r.seconds() / 1e6,
                        r.payloadBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.payloadBytes() / r.seconds() / 1e6),
                        r.cpuSeconds(), r.rate() / raw);
            }
            System.out.printf(Locale.ROOT, "ratios: parallelism 1 / raw COPY = %.2f (goal >= 0.9); parallelism 2 / raw COPY = %.2f, "
                    + "/ parallelism 1 = %.2f; %sraw = the fastest raw copy (%,.0f rows/s)%n", best.get(p1).rate() / raw, best.get(p2).rate() / raw,
                    best.get(p2).rate() / best.get(p1).rate(),
                    toEmulator ? String.format(Locale.ROOT, "emulator p2 / raw COPY = %.2f; ", best.get(emu2).rate() / raw) : "", raw);
            long wideRows = o.getLong("wide-rows", 4000);
            if (wideRows > 0) {
                wideCopy(pg, o, format, wideRows);
            }
        } finally {
            emuIn.close();
            emu.waitFor();
        }
    }

    /** Rows of 64,000 characters each (2,000 md5 values), stored out of line and uncompressed. */
    private static final int WIDE_MD5S = 2000;

    /**
     * The copy's memory: a table of {@code rows} rows of 64 KB (its heap holds only TOAST pointers, so one
     * CTID range holds all of it) copied by the pipeline in a child JVM of default heap settings into
     * {@code discard}, parallelism 2; the child reports its peak RSS ({@code VmHWM}), the largest batch and
     * the batches loaded.
     */
    private static void wideCopy(BenchPostgres pg, Options o, String format, long rows) throws Exception {
        long t0 = System.nanoTime();
        pg.execute("DROP TABLE IF EXISTS public.bench_wide");
        pg.execute("CREATE TABLE public.bench_wide (id bigint PRIMARY KEY, payload text)");
        pg.execute("ALTER TABLE public.bench_wide ALTER COLUMN payload SET STORAGE EXTERNAL");
        pg.execute("INSERT INTO public.bench_wide SELECT g, (SELECT string_agg(md5(g::text || ':' || i), '') FROM generate_series(1, "
                + WIDE_MD5S + ") i) FROM generate_series(1, " + rows + ") g");
        pg.execute("VACUUM (FREEZE, ANALYZE) public.bench_wide");
        String size = pg.query("SELECT pg_size_pretty(pg_total_relation_size('public.bench_wide')) || ', heap ' "
                + "|| pg_size_pretty(pg_relation_size('public.bench_wide'))");
        pg.execute("DROP PUBLICATION IF EXISTS snap_wide");
        pg.execute("CREATE PUBLICATION snap_wide FOR TABLE public.bench_wide");
        System.out.printf(Locale.ROOT, "%nwide rows: %,d rows of %,d bytes (%s), filled in %.1f s%n", rows, WIDE_MD5S * 32, size,
                (System.nanoTime() - t0) / 1e9);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String heap : new String[] {null, "-Xmx256m"}) { // default heap settings, then a heap of the memory budget's size
            List<String> cmd = new ArrayList<>(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            if (heap != null) {
                cmd.add(heap);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WideCopy.class.getName(), pg.jdbcUrl(), pg.user(), pg.password(),
                    format));
            System.out.println("  JVM " + (heap == null ? "with default heap settings" : heap) + ":");
            Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(l -> System.out.println("    " + l));
            }
            if (child.waitFor() != 0) {
                System.out.println("    (!) the wide copy's JVM exited with " + child.exitValue());
            }
        }
    }

    /** The child JVM of {@link #wideCopy}: one initial copy of {@code public.bench_wide} into {@code discard}, then its figures. */
    static final class WideCopy {
        private WideCopy() {
        }

        public static void main(String[] args) throws Exception {
            String slot = "snap_wide_" + Long.toHexString(System.nanoTime());
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> { // e.g. a copier's OutOfMemoryError: report it, do not wait
                System.out.println("FAILED: thread " + thread.getName() + " died of " + e + "; peak RSS (VmHWM) " + PipelineChild.peakRssKib() / 1024 + " MiB");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            });
            java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
            java.util.concurrent.atomic.AtomicLong largest = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong largestRows = new java.util.concurrent.atomic.AtomicLong();
            PipelineConfig.Builder b = PipelineConfig.builder().postgres(args[0]).user(args[1]).password(args[2]).slot(slot)
                    .publication("snap_wide").transport("discard").transportSetting("format", args[3])
                    .route("public.bench_wide", Workload.DORIS_DB, "snap_wide").sqlControlPlane(false).initialSnapshot(true)
                    .snapshotParallelism(2)
                    .listener(new PipelineListener() {
                        @Override
                        public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
                            batches.increment();
                            largest.accumulateAndGet(batch.byteCount(), Math::max);
                            largestRows.accumulateAndGet(batch.rowCount(), Math::max);
                        }
                    });
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            long copied;
            try (Pipeline p = Pipeline.create(b.build())) {
                p.start();
                long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
                TableStatus s = p.status().get(0);
                while (s.snapshot() == null || !s.snapshot().done()) {
                    if (!p.isRunning() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the wide copy stopped or timed out: "
                                + p.failure().map(Throwable::toString).orElse("no failure recorded") + "; status " + s);
                    }
                    LockSupport.parkNanos(5_000_000);
                    s = p.status().get(0);
                }
                copied = s.snapshot().rowsDone();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "pipeline → discard, parallelism 2, default memory budget (256 MiB): %,d rows in %.2f s, JVM CPU %.1f s%n",
                    copied, seconds, (cpu() - cpu0) / 1e9);
            System.out.printf(Locale.ROOT, "%,d loads, the largest %,d bytes (%,d rows); peak RSS of the copying JVM (VmHWM) %,d MiB, max heap %,d MiB%n",
                    batches.sum(), largest.get(), largestRows.get(), PipelineChild.peakRssKib() / 1024, Runtime.getRuntime().maxMemory() >> 20);
            try (Connection c = java.sql.DriverManager.getConnection(args[0], args[1], args[2]); java.sql.Statement st = c.createStatement()) {
                st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
    }

    private static Run report(Run r, long heap, List<Run> measured) {
        System.out.printf(Locale.ROOT, "  %-38s %,10d rows %6.2f s %,10.0f rows/s %5.0f heap MB/s %5s payload MB/s  JVM CPU %.1f s%n",
                r.method(), r.rows(), r.seconds(), r.rate(), heap / r.seconds() / 1e6,
                r.payloadBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.payloadBytes() / r.seconds() / 1e6), r.cpuSeconds());
        return r;
    }

    /** CPU of live threads, grouped by name without trailing digits (thread groups of pools). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null) {
                out.merge(ti.getThreadName().replaceAll("[-#\\d]+$", ""), Math.max(0, mx.getThreadCpuTime(ti.getThreadId())), Long::sum);
            }
        }
        return out;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** pgjdbc binary COPY of the whole table into a stream that only counts. */
    private static Run rawCopy(BenchPostgres pg, String name) throws Exception {
        long[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        try (Connection c = pg.connect()) {
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            long n = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + Workload.TABLE + " TO STDOUT (FORMAT binary)", counting);
            return new Run(name, n, (System.nanoTime() - t0) / 1e9, bytes[0], (cpu() - cpu0) / 1e9);
        }
    }

    /** The pipeline's initial copy on a fresh slot, timed from start() until the copy is committed in the target. */
    private static Run copy(BenchPostgres pg, Options o, String name, String scheme, String settings, int parallelism, String dorisTable,
                            long rows) throws Exception {
        String slot = "snap_" + Long.toHexString(System.nanoTime());
        PipelineConfig.Builder b = PipelineConfig.builder().postgres(pg.jdbcUrl()).user(pg.user()).password(pg.password()).slot(slot)
                .publication(PUBLICATION).transport(scheme).route(Workload.TABLE, Workload.DORIS_DB, dorisTable).sqlControlPlane(false)
                .initialSnapshot(true).snapshotParallelism(parallelism)
                .snapshotChunkPages(o.getLong("chunk-pages", 4096)).snapshotBatchRows((int) o.getLong("batch-rows", 100_000));
        for (String kv : settings.split(";")) {
            b.transportSetting(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        java.util.concurrent.atomic.LongAdder payload = new java.util.concurrent.atomic.LongAdder();
        b.listener(new PipelineListener() {
            @Override
            public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
                payload.add(batch.byteCount()); // the transports report each load once; the runtime reports only streamed batches
            }
        });
        Map<String, Long> threads0 = threadCpu();
        Run run;
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        try (Pipeline p = Pipeline.create(b.build())) {
            p.start();
            long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
            TableStatus s = p.status().get(0);
            while (s.snapshot() == null || !s.snapshot().done()) {
                if (!p.isRunning() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": the copy stopped or timed out: "
                            + p.failure().map(Throwable::toString).orElse("no failure recorded") + "; status " + s);
                }
                LockSupport.parkNanos(2_000_000);
                s = p.status().get(0);
            }
            run = new Run(name, s.snapshot().rowsDone(), (System.nanoTime() - t0) / 1e9, payload.sum(), (cpu() - cpu0) / 1e9);
            if (Boolean.getBoolean("bench.threads")) {
                StringBuilder sb = new StringBuilder("    CPU by thread group (ms):");
                threadCpu().forEach((k, v) -> {
                    long d = (v - threads0.getOrDefault(k, 0L)) / 1_000_000;
                    if (d > 20) {
                        sb.append(' ').append(k).append('=').append(d);
                    }
                });
                System.out.println(sb);
            }
        }
        pg.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        if (run.rows() != rows) {
            System.out.println("    (!) " + name + " copied " + run.rows() + " rows of " + rows);
        }
        return run;
    }
}
