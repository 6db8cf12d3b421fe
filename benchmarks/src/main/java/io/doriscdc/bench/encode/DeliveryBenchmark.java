package io.doriscdc.bench.encode;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.value.Row;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.streamload.StreamLoadSettings;
import io.doriscdc.streamload.StreamLoadTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * End-to-end delivery rate into the emulator over loopback: encode batches of 10-column rows, deliver
 * them (two in flight), report rows/s and MB/s of payload, and the CPU seconds spent by the client's
 * threads (encoding + HTTP) beside those of the emulator's threads (HTTP + parsing + merging).
 * A harness, not a JMH benchmark: {@code java -cp benchmarks/target/benchmarks.jar
 * io.doriscdc.bench.encode.DeliveryBenchmark [json|csv] [batches] [rowsPerBatch]}.
 */
public final class DeliveryBenchmark {

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String format = args.length > 0 ? args[0] : "json";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rowsPerBatch = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        Row[] rows = new Row[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Fixtures.lazyRow(i);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (DorisEmulator emu = DorisEmulator.builder().backends(2).memoryBudgetBytes(1L << 30).start()) {
            emu.sql("bench", "CREATE DATABASE IF NOT EXISTS bench");
            emu.sql("bench", "CREATE TABLE `bench`.`orders` (" + Fixtures.DDL + ") UNIQUE KEY(`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 1 "
                    + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
            Map<String, String> cfg = new HashMap<>(Map.of("fe", "127.0.0.1:" + emu.feHttpPort(), "format", format));
            DorisTableId target = DorisTableId.of("bench", "orders");
            for (int round = 0; round < 2; round++) { // the first round warms up
                long cpuBefore = cpu(mx, "doris-streamload", "main");
                long emuBefore = cpu(mx, "multiThreadIoEventLoopGroup", null);
                long t0 = System.nanoTime();
                long bytes = 0;
                long loaded = 0;
                try (StreamLoadTransport t = StreamLoadTransport.create(StreamLoadSettings.from(TransportConfig.of(cfg)), PipelineListener.NONE)) {
                    BatchEncoder enc = t.newEncoder(new TableMapping(Fixtures.SCHEMA, target));
                    List<CompletableFuture<DeliveryReceipt>> inFlight = new ArrayList<>();
                    long version = 0;
                    for (int b = 0; b < batches; b++) {
                        for (int r = 0; r < rowsPerBatch; r++) {
                            enc.upsert(rows[r & 1023], StreamPosition.of(1L << 20, ++version));
                        }
                        long lsn = (round + 1L) << 40 | (long) b << 8;
                        Batch batch = new Batch(target, BatchLabels.of("bench" + round + format, target, StreamPosition.of(lsn, 1), StreamPosition.of(lsn + 1, 1)),
                                StreamPosition.of(lsn, 1), StreamPosition.of(lsn + 1, 1), enc.finish());
                        bytes += batch.byteCount();
                        inFlight.add(t.deliver(batch));
                        if (inFlight.size() >= 2) {
                            loaded += inFlight.remove(0).get().rowsLoaded();
                        }
                    }
                    for (CompletableFuture<DeliveryReceipt> f : inFlight) {
                        loaded += f.get().rowsLoaded();
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double clientCpu = (cpu(mx, "doris-streamload", "main") - cpuBefore) / 1e9;
                double emuCpu = (cpu(mx, "multiThreadIoEventLoopGroup", null) - emuBefore) / 1e9;
                System.out.printf("%s %s: %d rows (%d loaded) in %.2f s = %.0f rows/s, %.1f MB/s payload (%.0f bytes/row); "
                                + "client CPU %.2f s (%.1f MB per CPU-s), emulator CPU %.2f s (%.1f MB per CPU-s)%n",
                        round == 0 ? "warm-up" : "measured", format, (long) batches * rowsPerBatch, loaded, secs,
                        batches * (double) rowsPerBatch / secs, bytes / secs / 1e6, bytes / ((double) batches * rowsPerBatch),
                        clientCpu, bytes / 1e6 / clientCpu, emuCpu, bytes / 1e6 / emuCpu);
            }
        }
    }

    /** CPU nanoseconds of live threads whose name starts with {@code a} or equals {@code b}. */
    private static long cpu(ThreadMXBean mx, String a, String b) {
        long sum = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && (ti.getThreadName().startsWith(a) || ti.getThreadName().equals(b))) {
                long c = mx.getThreadCpuTime(ti.getThreadId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }
}
