package io.doriscdc.bench.e2e;

import io.doriscdc.api.Lsn;
import io.doriscdc.emulator.DorisEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * One question: does the pipeline drain a replication slot as fast as {@code pg_recvlogical}, and at what
 * CPU cost per change? (Goal: at least 0.95 of {@code pg_recvlogical}'s rate.)
 *
 * <p>Method (as in the research addendum): one logical slot per consumer is created first, then one
 * backlog of changes is written (batched 1,000-row and single-row transactions of inserts, updates and
 * deletes on a 10-column table), so every consumer drains the same WAL. Then each consumer drains its
 * slot in turn, timed from its start until it has confirmed the backlog's end LSN:
 * {@code pg_recvlogical} to /dev/null ({@code --endpos}, first and again last, to see drift), the pipeline
 * into a discarding transport (real Stream Load encoding, no network) and the pipeline into the Doris
 * emulator over Stream Load. The pipeline runs in a child JVM ({@link PipelineChild}): its CPU is that
 * process's CPU time during the drain (every thread: reader, worker, encoder, HTTP, JIT, GC); the emulator
 * runs in this JVM. Each pipeline first drains a small warm-up backlog on another slot, so the measured
 * drain runs with compiled code, as a long-running pipeline does.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.e2e.EndToEndHarness [options]}; see {@link #USAGE}.
 */
public final class EndToEndHarness {

    static final String USAGE = """
            EndToEndHarness [--changes N] [--warmup-changes N] [--consumers recvlogical,discard,emulator]
                            [--format json|csv] [--batch-max-age-ms N] [--pg-recvlogical PATH]
                            [--pg-url jdbc:postgresql://host:port/db --pg-user U --pg-password P] [--child-jvm SETS]
              --changes         changes in the measured backlog (default 700000; about 46% batched inserts, 2% single-row
                                inserts, 36% batched updates, 2% single-row updates, 14% batched deletes)
              --warmup-changes  changes each pipeline drains before its measured drain (default 100000; 0 = none)
              --pg-recvlogical  path of pg_recvlogical (default $PG_RECVLOGICAL or /usr/lib/postgresql/15/bin/pg_recvlogical);
                                when it is missing the pg_recvlogical phase is skipped
              --pg-url          an external server (wal_level=logical) instead of embedded PostgreSQL
              --child-jvm       JVM options of the pipeline children (default launcher: those ./doris-cdc uses, from
                                cdc-cli/jvm.options); several sets separated by | run each pipeline once per set:
                                none (no options: the JVM's own defaults), name=OPTIONS, or name=launcher OPTIONS
                                (the launcher's merged with OPTIONS, as DORIS_CDC_JAVA_OPTS is), e.g.
                                'none|launcher|g1=launcher -XX:+UseG1GC'; -cp CLASSPATH among a set's options runs that
                                child on another build, e.g. 'before=-cp benchmarks/target/classes:old/benchmarks.jar|launcher'""";

    private static final String PUBLICATION = "bench_pub";
    private static final long WARM_BASE = 1_000_000_000L;

    private EndToEndHarness() {
    }

    record Row(String consumer, long changes, double seconds, long walBytes, long payloadBytes, double cpuSeconds, long peakRssKib, String note) {
        double rate() {
            return changes / seconds;
        }

        static Row failed(String consumer, long changes, String why) {
            return new Row(consumer, changes, Double.NaN, 0, 0, 0, -1, why);
        }

        boolean isFailed() {
            return Double.isNaN(seconds);
        }

        Row withNote(String more) {
            return new Row(consumer, changes, seconds, walBytes, payloadBytes, cpuSeconds, peakRssKib, note + more);
        }
    }

    /** One pipeline drain: a consumer (discard or emulator) in a child JVM of one option set. */
    private record Run(String key, String consumer, LauncherJvm.OptionSet jvm, String dorisTable) {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("changes", "warmup-changes", "consumers", "format", "batch-max-age-ms", "pg-recvlogical",
                "pg-url", "pg-user", "pg-password", "child-jvm"), USAGE);
        Workload.Mix mix = Workload.Mix.of(o.getLong("changes", 700_000));
        long warmChanges = o.getLong("warmup-changes", 100_000);
        Workload.Mix warm = warmChanges > 0 ? Workload.Mix.of(warmChanges) : null;
        List<String> consumers = List.of(o.get("consumers", "recvlogical,discard,emulator").split(","));
        String format = o.get("format", "json");
        String maxAge = String.valueOf(o.getLong("batch-max-age-ms", 200));
        String defaultRecv = System.getenv().getOrDefault("PG_RECVLOGICAL", "/usr/lib/postgresql/15/bin/pg_recvlogical");
        Path recv = Path.of(o.get("pg-recvlogical", defaultRecv));
        boolean haveRecv = Files.isExecutable(recv);
        if (consumers.contains("recvlogical") && !haveRecv) {
            System.out.println("pg_recvlogical not found at " + recv + " (set --pg-recvlogical=PATH or PG_RECVLOGICAL): skipping that phase;"
                    + " no ratio can be computed");
        }
        try (BenchPostgres pg = BenchPostgres.start(o.get("pg-url", null), o.get("pg-user", "postgres"), o.get("pg-password", ""));
             DorisEmulator emu = DorisEmulator.builder().backends(1).memoryBudgetBytes(1L << 30).maxLoadHistory(100).start()) {
            int major = Integer.parseInt(pg.query("SELECT current_setting('server_version_num')::int / 10000"));
            System.out.printf("PostgreSQL %s, %d cores, backlog %,d changes in %,d transactions (%s), warm-up %,d changes, format %s%n",
                    pg.version(), Runtime.getRuntime().availableProcessors(), mix.total(), mix.transactions(), mix, warm == null ? 0 : warm.total(),
                    format);
            emu.sql(Workload.DORIS_DB, "CREATE DATABASE IF NOT EXISTS " + Workload.DORIS_DB);
            List<LauncherJvm.OptionSet> jvms = LauncherJvm.sets(o.get("child-jvm", "launcher"));
            List<Run> runs = new ArrayList<>();
            for (String c : consumers) {
                if (!c.equals("recvlogical")) {
                    for (LauncherJvm.OptionSet j : jvms) {
                        String key = jvms.size() == 1 ? c : c + "_" + j.name().replaceAll("[^a-z0-9]", "_");
                        runs.add(new Run(key, c, j, c.equals("emulator") ? "bench_items" + (jvms.size() == 1 ? "" : "_" + runs.size()) : "bench_items"));
                    }
                }
            }
            jvms.forEach(j -> System.out.println("child JVM " + j));
            emu.sql(Workload.DORIS_DB, Workload.dorisDdl("warm_items"));
            for (Run r : runs) {
                if (r.consumer().equals("emulator")) {
                    emu.sql(Workload.DORIS_DB, Workload.dorisDdl(r.dorisTable()));
                }
            }
            try (var c = pg.connect()) {
                Workload.createTable(c);
            }
            pg.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
            pg.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + Workload.TABLE);
            String warmEnd = null;
            if (warm != null) {
                for (Run r : runs) {
                    createSlot(pg, "bench_warm_" + r.key());
                }
                warmEnd = Workload.backlog(pg, warm, WARM_BASE);
            }
            // start each pipeline JVM and let it warm up, one at a time, before the measured backlog exists
            Map<String, Child> children = new LinkedHashMap<>();
            try {
                for (Run r : runs) {
                    String scheme = r.consumer().equals("emulator") ? "streamload" : "discard";
                    String settings = r.consumer().equals("emulator") ? "fe=127.0.0.1:" + emu.feHttpPort() + ";format=" + format : "format=" + format;
                    List<String> childArgs = new ArrayList<>(List.of(pg.jdbcUrl(), pg.user(), pg.password(), PUBLICATION, scheme, settings, maxAge));
                    if (warm != null) {
                        childArgs.addAll(List.of("bench_warm_" + r.key(), warmEnd, "warm_items"));
                    }
                    String name = r.consumer() + " (" + scheme + ", " + format + (jvms.size() == 1 ? "" : ", JVM " + r.jvm().name()) + ")";
                    children.put(r.key(), Child.start(name, childArgs, r.jvm().options()));
                }
                List<String> order = new ArrayList<>();
                if (haveRecv && consumers.contains("recvlogical")) {
                    order.add("recvlogical");
                }
                runs.forEach(r -> order.add(r.key()));
                if (haveRecv && consumers.contains("recvlogical") && !runs.isEmpty()) {
                    order.add("recvlogical-again");
                }
                String startLsn = null;
                for (String consumer : order) {
                    String lsn = createSlot(pg, slotOf(consumer));
                    startLsn = startLsn == null ? lsn : startLsn;
                }
                long t0 = System.nanoTime();
                String end = Workload.backlog(pg, mix, 0);
                long walBytes = Lsn.parse(end).value() - Lsn.parse(startLsn).value();
                System.out.printf("backlog written in %.1f s: %.1f MB of WAL, end LSN %s%n", (System.nanoTime() - t0) / 1e9, walBytes / 1e6, end);
                pg.execute("CHECKPOINT");

                List<Row> rows = new ArrayList<>();
                List<Double> walsenders = new ArrayList<>();
                String pub = "publication_names=" + PUBLICATION;
                for (String consumer : order) {
                    Row r;
                    WalsenderCpu walsender = WalsenderCpu.watch(pg, slotOf(consumer));
                    if (consumer.startsWith("recvlogical")) {
                        r = recvlogical(pg, recv, consumer, slotOf(consumer), end, major, pub, mix.total(), walBytes);
                    } else {
                        Run run = runs.stream().filter(x -> x.key().equals(consumer)).findFirst().orElseThrow();
                        Child child = children.remove(consumer);
                        try {
                            r = child.measure(slotOf(consumer), end, run.dorisTable(), mix.total(), walBytes);
                        } catch (ChildFailed e) {
                            r = Row.failed("pipeline → " + child.name(), mix.total(), e.getMessage());
                        }
                        if (run.consumer().equals("emulator") && !r.isFailed()) {
                            long expected = Workload.rowsAfter(mix);
                            long actual = emu.table(Workload.DORIS_DB, run.dorisTable()).rowCount();
                            r = r.withNote("; Doris table " + (actual == expected ? "has the " + actual + " rows PostgreSQL has"
                                    : "has " + actual + " rows, PostgreSQL " + expected + " (!)"));
                            emu.sql(Workload.DORIS_DB, "DROP TABLE " + run.dorisTable()); // the emulator's heap stays small for the next run
                        }
                    }
                    walsender.close();
                    walsenders.add(walsender.seconds());
                    System.out.println("  " + line(r) + String.format(Locale.ROOT, "; walsender CPU %.2f s", walsender.seconds()));
                    rows.add(r);
                }
                print(rows, walsenders, mix.total());
            } finally {
                children.values().forEach(Child::kill);
            }
        }
    }

    private static String slotOf(String consumer) {
        return "bench_" + consumer.replace('-', '_');
    }

    static String createSlot(BenchPostgres pg, String slot) throws Exception {
        pg.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        return pg.query("SELECT lsn::text FROM pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    private static Row recvlogical(BenchPostgres pg, Path bin, String name, String slot, String end, int major, String pub, long changes,
                                   long walBytes) throws Exception {
        int proto = major >= 16 ? 4 : major == 15 ? 3 : major == 14 ? 2 : 1; // what the pipeline asks for (PgSetup.protocolFor)
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\"; rc=$?; cat /proc/$$/stat; exit $rc", bin.toString(),
                "-d", pg.libpq(), "--slot=" + slot, "--start", "--no-loop", "-f", "/dev/null", "-E", end, "-s", "1",
                "-o", "proto_version=" + proto, "-o", pub, "-o", "binary=true", "-o", "messages=true"));
        if (proto >= 2) {
            cmd.addAll(List.of("-o", "streaming=on"));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("pg_recvlogical exited with " + rc + ": " + String.join(" ", cmd));
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // cutime + cstime, USER_HZ = 100 on Linux
        String confirmed = pg.query("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        String note = Lsn.parse(confirmed).compareTo(Lsn.parse(end)) >= 0 ? "slot confirmed " + confirmed : "slot only at " + confirmed + " (!)";
        return new Row("pg_recvlogical" + (name.endsWith("again") ? " (again)" : ""), changes, secs, walBytes, 0, cpu, -1, note);
    }

    /** A {@link PipelineChild} JVM, warmed up and waiting for its measured slot. */
    record Child(String name, Process process, BufferedReader out) {

        static Child start(String name, List<String> args, List<String> jvmOptions) throws Exception {
            List<String> cmd = LauncherJvm.command(jvmOptions, System.getProperty("java.class.path"));
            cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", PipelineChild.class.getName()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Child c = new Child(name, p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            c.await("READY");
            return c;
        }

        private String await(String prefix) throws Exception {
            for (String l; (l = out.readLine()) != null; ) {
                if (l.startsWith(prefix)) {
                    return l;
                }
                if (l.startsWith("FAILED ")) {
                    process.waitFor();
                    throw new ChildFailed(l);
                }
                System.out.println("  child: " + l);
            }
            int rc = process.waitFor();
            throw new IllegalStateException("pipeline child for " + name + " ended (exit " + rc + ") before printing " + prefix);
        }

        Row measure(String slot, String end, String dorisTable, long changes, long walBytes) throws Exception {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long hostCpu0 = os.getProcessCpuTime();
            process.getOutputStream().write(("GO " + slot + " " + end + " " + dorisTable + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            String[] f = await("RESULT ").split(" ");
            double hostCpu = (os.getProcessCpuTime() - hostCpu0) / 1e9;
            process.waitFor();
            long delivered = Long.parseLong(f[3]);
            return new Row("pipeline → " + name, changes, Long.parseLong(f[1]) / 1e9, walBytes, Long.parseLong(f[4]), Long.parseLong(f[2]) / 1e9,
                    Long.parseLong(f[5]), String.format(Locale.ROOT, "%,d rows delivered (changes to one key within a batch are merged); max heap %,d MiB;"
                            + " memory budget high water %,d MiB; harness JVM (emulator) CPU %.1f s", delivered, Long.parseLong(f[6]) >> 20,
                            Long.parseLong(f[7]) >> 20, hostCpu));
        }

        void kill() {
            process.destroy();
        }
    }

    /** A pipeline child's drain failed (it printed why). */
    private static final class ChildFailed extends Exception {
        ChildFailed(String message) {
            super(message);
        }
    }

    static String line(Row r) {
        if (r.isFailed()) {
            return String.format(Locale.ROOT, "%-38s %,9d changes  %s", r.consumer(), r.changes(), r.note());
        }
        return String.format(Locale.ROOT, "%-38s %,9d changes %6.2f s %,9.0f changes/s %5.1f WAL MB/s %6s payload MB/s %5.2f CPU s/M changes %6s MiB peak RSS  %s",
                r.consumer(), r.changes(), r.seconds(), r.rate(), r.walBytes() / r.seconds() / 1e6,
                r.payloadBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.payloadBytes() / r.seconds() / 1e6),
                r.cpuSeconds() / (r.changes() / 1e6), rss(r), r.note());
    }

    private static String rss(Row r) {
        return r.peakRssKib() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.peakRssKib() / 1024);
    }

    /** @param walsenders the CPU seconds of each row's walsender (NaN: not measured) */
    private static void print(List<Row> rows, List<Double> walsenders, long backlog) {
        double best = rows.stream().filter(r -> r.consumer().startsWith("pg_recvlogical")).mapToDouble(Row::rate).max().orElse(0);
        double recvWalsender = java.util.stream.IntStream.range(0, rows.size()).filter(i -> rows.get(i).consumer().startsWith("pg_recvlogical"))
                .mapToDouble(walsenders::get).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        System.out.println();
        System.out.println("| consumer | changes | seconds | changes/s | WAL MB/s | payload MB/s | CPU s per M changes | peak RSS MiB"
                + " | walsender CPU s | walsender / pg_recvlogical's | / pg_recvlogical |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double w = walsenders.get(i);
            if (r.isFailed()) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %s | | | | | | | | |%n", r.consumer(), r.changes(), r.note());
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %.1f | %s | %.2f | %s | %s | %s | %s |%n", r.consumer(), r.changes(), r.seconds(),
                    r.rate(), r.walBytes() / r.seconds() / 1e6,
                    r.payloadBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.payloadBytes() / r.seconds() / 1e6),
                    r.cpuSeconds() / (r.changes() / 1e6), rss(r), Double.isNaN(w) ? "-" : String.format(Locale.ROOT, "%.2f", w),
                    Double.isNaN(w) || Double.isNaN(recvWalsender) ? "-" : String.format(Locale.ROOT, "%.2f", w / recvWalsender),
                    best == 0 ? "-" : String.format(Locale.ROOT, "%.2f", r.rate() / best));
        }
        if (best > 0) {
            System.out.printf(Locale.ROOT, "ratios against the faster pg_recvlogical drain (%,.0f changes/s); goal >= 0.95; backlog %,d changes%n", best,
                    backlog);
        }
    }
}
