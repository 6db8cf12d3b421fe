package io.doriscdc.bench.grpc;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.EncodedBatch;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.api.value.ObjectRow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * One question: does delivering through the grpc transport and an ingest gateway cost the pipeline more
 * CPU, or throughput, than Stream Load straight from the pipeline? Same pre-encoded payloads (both
 * transports use the same doris-streamload encoders, so encoding is equal by construction and left out),
 * same emulator, alternating rounds in one run (a warm-up round of each first, three times as long). The
 * emulator and the gateway run in a child JVM ({@link BenchServer}), so this process's CPU is the pipeline side only;
 * the child's CPU (emulator, plus the gateway on the grpc path) is reported beside it.
 *
 * <p>A harness, not a JMH benchmark (it measures an end-to-end path across two processes):
 * {@code java -cp benchmarks/target/benchmarks.jar io.doriscdc.bench.grpc.GrpcVsStreamLoadBenchmark [batches] [rowsPerBatch] [inFlight] [json|csv]}.
 */
public final class GrpcVsStreamLoadBenchmark {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "items"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("name", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("email", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("qty", ColumnType.of(23, -1, LogicalType.INT32, "int4"), false, true),
            new Column("score", ColumnType.of(701, -1, LogicalType.FLOAT64, "float8"), false, true)));

    /** Warm-up rounds send this many times the measured rounds' batches. */
    static final int WARMUP_FACTOR = 3;

    private GrpcVsStreamLoadBenchmark() {
    }

    record Result(String scheme, long rows, long bytes, double seconds, long[] latenciesNanos, long pipelineCpuNanos, long serverCpuNanos) {
        double p(double q) {
            long[] l = latenciesNanos.clone();
            Arrays.sort(l);
            return l[Math.min(l.length - 1, (int) Math.ceil(q * l.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rowsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String format = args.length > 3 ? args[3] : "json";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), BenchServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine().split(" ");
            String fe = "127.0.0.1:" + ready[1];
            String gw = "127.0.0.1:" + ready[2];
            DorisTableId target = DorisTableId.of("bench", "items");
            List<EncodedBatch> payloads = encode(fe, target, format, rowsPerBatch);
            List<Result> measured = new ArrayList<>();
            String[] schemes = {"streamload", "grpc", "streamload", "grpc", "streamload", "grpc"};
            for (int round = 0; round < schemes.length; round++) {
                Map<String, String> cfg = schemes[round].equals("grpc")
                        ? Map.of("targets", gw, "format", format)
                        : Map.of("fe", fe, "format", format, "io-threads", String.valueOf(inFlight));
                // warm-up rounds are longer: the grpc path's per-chunk and per-call code (Netty's HTTP/2) runs only a few
                // thousand times a round, and C2 was still compiling it through a warm-up of the measured length
                Result r = run(schemes[round], cfg, target, payloads, round < 2 ? WARMUP_FACTOR * batches : batches, inFlight, round, server);
                System.out.printf("%-8s %-10s %s%n", round < 2 ? "warm-up" : "measured", r.scheme(), line(r));
                if (round >= 2) {
                    measured.add(r);
                }
            }
            System.out.println();
            System.out.printf("summary (%d batches x %d rows, %s, %d in flight, %.0f bytes/row; best of the measured rounds):%n", batches,
                    rowsPerBatch, format, inFlight, measured.get(0).bytes() / (double) measured.get(0).rows());
            for (String s : new String[] {"streamload", "grpc"}) {
                Result best = measured.stream().filter(r -> r.scheme().equals(s)).min((a, b) -> Double.compare(a.seconds(), b.seconds())).orElseThrow();
                System.out.printf("  %-10s %s%n", s, line(best));
            }
        } finally {
            server.getOutputStream().close();
            server.waitFor();
        }
    }

    private static String line(Result r) {
        return String.format("%,9.0f rows/s  %6.1f MB/s  p50 %6.1f ms  p99 %6.1f ms  pipeline CPU %6.0f ms/M rows  server CPU %6.0f ms/M rows",
                r.rows() / r.seconds(), r.bytes() / r.seconds() / 1e6, r.p(0.5), r.p(0.99),
                r.pipelineCpuNanos() / 1e6 / (r.rows() / 1e6), r.serverCpuNanos() / 1e6 / (r.rows() / 1e6));
    }

    /** A few distinct payloads, encoded once with the Stream Load encoder both transports use. */
    private static List<EncodedBatch> encode(String fe, DorisTableId target, String format, int rowsPerBatch) {
        List<EncodedBatch> out = new ArrayList<>();
        try (Transport t = Transports.load("streamload").create(TransportConfig.of(Map.of("fe", fe, "format", format)), PipelineListener.NONE)) {
            BatchEncoder e = t.newEncoder(new TableMapping(SCHEMA, target));
            long version = 0;
            for (int p = 0; p < 4; p++) {
                for (int i = 0; i < rowsPerBatch; i++) {
                    long id = (long) p * rowsPerBatch + i;
                    e.upsert(ObjectRow.of(SCHEMA, id, "Customer " + id + " Smith", "customer." + id + "@example.com", (int) (id % 100),
                            id * 0.25), StreamPosition.of(1L << 20, ++version));
                }
                out.add(e.finish());
            }
        }
        return out;
    }

    private static Result run(String scheme, Map<String, String> cfg, DorisTableId target, List<EncodedBatch> payloads, int batches,
                              int inFlight, int round, Process server) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] latencies = new long[batches];
        long rows = 0;
        long bytes = 0;
        long cpu0;
        long server0;
        Map<String, Long> threads0;
        Map<String, Long> threads1;
        long cpu1;
        long t0;
        try (Transport t = Transports.load(scheme).create(TransportConfig.of(cfg), PipelineListener.NONE)) {
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<DeliveryReceipt>> all = new ArrayList<>();
            threads0 = threadCpu();
            cpu0 = os.getProcessCpuTime();
            server0 = serverCpu(server);
            t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                EncodedBatch payload = payloads.get(b % payloads.size());
                long lsn = ((long) round + 1) << 40 | (long) b << 8;
                Batch batch = new Batch(target, BatchLabels.of("bench" + round + "r" + ProcessHandle.current().pid(), target, StreamPosition.of(lsn, 1),
                        StreamPosition.of(lsn + 1, 1)), StreamPosition.of(lsn, 1), StreamPosition.of(lsn + 1, 1), payload);
                rows += batch.rowCount();
                bytes += batch.byteCount();
                window.acquire();
                long start = System.nanoTime();
                int index = b;
                all.add(t.deliver(batch).whenComplete((r, e) -> {
                    latencies[index] = System.nanoTime() - start;
                    window.release();
                }));
            }
            for (CompletableFuture<DeliveryReceipt> f : all) {
                f.get();
            }
            // before close: a transport's own threads (streamload's I/O pool) end with it and would go uncounted
            threads1 = threadCpu();
            cpu1 = os.getProcessCpuTime();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (Boolean.getBoolean("bench.threads")) {
            StringBuilder sb = new StringBuilder("  pipeline CPU by thread group (ms):");
            long[] javaThreads = {0};
            threads1.forEach((k, v) -> {
                long d = (v - threads0.getOrDefault(k, 0L)) / 1_000_000;
                javaThreads[0] += d;
                if (d > 5) {
                    sb.append(' ').append(k).append('=').append(d);
                }
            });
            // GC, JIT compiler and other VM threads are not Java threads: the rest of the process's CPU
            sb.append(" | vm (gc, jit)=").append((cpu1 - cpu0) / 1_000_000 - javaThreads[0]);
            sb.append(" | close=").append((os.getProcessCpuTime() - cpu1) / 1_000_000);
            System.out.println(sb);
        }
        return new Result(scheme, rows, bytes, secs, latencies, os.getProcessCpuTime() - cpu0, serverCpu(server) - server0);
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

    private static long serverCpu(Process p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
