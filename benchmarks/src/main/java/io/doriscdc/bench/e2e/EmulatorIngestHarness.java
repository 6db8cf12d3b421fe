package io.doriscdc.bench.e2e;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.EncodedBatch;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One question: how many JSON rows a second does the Doris emulator take in over Stream Load, and what CPU
 * does it spend on them? The payloads are encoded once by the {@code streamload} transport's encoder
 * ({@link IngestPayloads}) and delivered through that transport (FE redirect, {@code Expect: 100-continue},
 * its headers), so the emulator sees what a pipeline sends it. Each emulator build runs in its own child JVM
 * ({@link EmulatorProcess}); with several builds ({@code --emulators before=old.jar,after=new.jar}) the
 * rounds alternate between them in one run, so that drift and the other load of a shared machine reach every
 * build alike, and the best round of each is compared.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.e2e.EmulatorIngestHarness [options]}; see {@link #USAGE}.
 */
public final class EmulatorIngestHarness {

    static final String USAGE = """
            EmulatorIngestHarness [--emulators name=classpath[,name=classpath...]] [--rows-per-load N] [--loads N] [--rounds N]
                                  [--in-flight N] [--emulator-jvm-args "ARGS"]
              --emulators          emulator builds, each a classpath holding io.doriscdc.bench.e2e.EmulatorServer
                                   (default: current=this jar); the first is the baseline of the ratios
              --rows-per-load      rows per Stream Load (default 50000; every tenth a delete)
              --loads              loads per measured round (default 20; 4 distinct payloads, round robin)
              --rounds             measured rounds per build, alternating between builds, after one warm-up round each (default 3)
              --in-flight          concurrent loads (default 2)
              --emulator-jvm-args  extra arguments for each emulator JVM, "{name}" replaced by the build's name
                                   (e.g. "-XX:StartFlightRecording=filename=/tmp/emu-{name}.jfr,settings=profile")""";

    private static final String TABLE = "bench_items";
    private static final int PAYLOADS = 4;

    private EmulatorIngestHarness() {
    }

    record Round(String build, long rows, long bytes, double seconds, long cpuNanos) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%-10s %,10.0f rows/s  %6.1f MB/s  %6.2f s  emulator CPU %6.2f s = %4.2f cores, %6.2f s per M rows",
                    build, rowsPerSecond(), bytes / seconds / 1e6, seconds, cpuNanos / 1e9, cpuNanos / 1e9 / seconds,
                    cpuNanos / 1e9 / (rows / 1e6));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("emulators", "rows-per-load", "loads", "rounds", "in-flight", "emulator-jvm-args"), USAGE);
        DorisTableId target = DorisTableId.of(Workload.DORIS_DB, TABLE);
        int rowsPerLoad = (int) o.getLong("rows-per-load", 50_000);
        List<EncodedBatch> payloads = IngestPayloads.encode(target, PAYLOADS, rowsPerLoad);
        System.out.printf(Locale.ROOT, "%d payloads of %,d rows, %.0f bytes/row%n", PAYLOADS, rowsPerLoad,
                payloads.get(0).byteCount() / (double) rowsPerLoad);
        List<EmulatorProcess> emulators = new ArrayList<>();
        try {
            for (String spec : o.get("emulators", "current=" + System.getProperty("java.class.path")).split(",")) {
                EmulatorProcess e = EmulatorProcess.start(spec, o.get("emulator-jvm-args", ""));
                e.createTable(TABLE);
                emulators.add(e);
            }
            int loads = (int) o.getLong("loads", 20);
            int rounds = (int) o.getLong("rounds", 3);
            int inFlight = (int) o.getLong("in-flight", 2);
            List<Round> measured = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                for (EmulatorProcess e : emulators) {
                    Round r = run(e, target, payloads, loads, inFlight, round);
                    System.out.println((round == 0 ? "warm-up  " : "round " + round + "  ") + r.line());
                    if (round > 0) {
                        measured.add(r);
                    }
                }
            }
            report(emulators, measured, loads, rowsPerLoad, inFlight);
        } finally {
            for (EmulatorProcess e : emulators) {
                e.close();
            }
        }
    }

    private static void report(List<EmulatorProcess> emulators, List<Round> measured, int loads, int rowsPerLoad, int inFlight) throws Exception {
        System.out.printf(Locale.ROOT, "%nbest of %d rounds (%d loads x %,d rows, %d in flight); the CPU per row is each build's lowest of"
                + " any round, which a busy machine moves less than the rate:%n", measured.size() / emulators.size(), loads, rowsPerLoad, inFlight);
        double baseRate = 0;
        double baseCpu = 0;
        for (EmulatorProcess e : emulators) {
            List<Round> mine = measured.stream().filter(r -> r.build().equals(e.name)).toList();
            Round best = mine.stream().max(Comparator.comparingDouble(Round::rowsPerSecond)).orElseThrow();
            double cpu = mine.stream().mapToDouble(r -> r.cpuNanos() / 1e3 / r.rows()).min().orElseThrow();
            baseRate = baseRate == 0 ? best.rowsPerSecond() : baseRate;
            baseCpu = baseCpu == 0 ? cpu : baseCpu;
            System.out.printf(Locale.ROOT, "  %s  rate x%.2f | lowest CPU %.2f s per M rows, x%.2f less | table: %,d rows%n", best.line(),
                    best.rowsPerSecond() / baseRate, cpu, baseCpu / cpu, e.rowCount(TABLE));
        }
    }

    private static Round run(EmulatorProcess e, DorisTableId target, List<EncodedBatch> payloads, int loads, int inFlight, int round)
            throws Exception {
        Map<String, String> cfg = Map.of("fe", "127.0.0.1:" + e.fePort, "format", "json", "io-threads", String.valueOf(inFlight));
        long rows = 0;
        long bytes = 0;
        try (Transport t = Transports.load("streamload").create(TransportConfig.of(cfg), PipelineListener.NONE)) {
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<DeliveryReceipt>> all = new ArrayList<>();
            long cpu0 = e.cpuNanos();
            long t0 = System.nanoTime();
            for (int b = 0; b < loads; b++) {
                EncodedBatch payload = payloads.get(b % payloads.size());
                long lsn = ((long) round + 1) << 40 | (long) b << 8;
                StreamPosition first = StreamPosition.of(lsn, 1);
                StreamPosition last = StreamPosition.of(lsn + 1, 1);
                Batch batch = new Batch(target, BatchLabels.of("ingest" + round + "p" + ProcessHandle.current().pid(), target, first, last),
                        first, last, payload);
                rows += batch.rowCount();
                bytes += batch.byteCount();
                window.acquire();
                all.add(t.deliver(batch).whenComplete((r, x) -> window.release()));
            }
            for (CompletableFuture<DeliveryReceipt> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Round(e.name, rows, bytes, seconds, e.cpuNanos() - cpu0);
        }
    }
}
