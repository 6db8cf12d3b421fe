package io.doriscdc.bench.e2e;

import io.doriscdc.api.Lsn;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline side of {@link EndToEndHarness}, in its own JVM so that its process CPU is the pipeline's
 * alone. Optionally drains a warm-up slot first (so the measured drain runs with compiled code), prints
 * {@code READY}, waits for {@code GO <slot> <end-lsn> <doris-table>} on its standard input, then runs one
 * pipeline on that slot from {@code start()} until its acknowledged LSN reaches the end LSN, and prints
 * {@code RESULT <nanos> <cpu nanos> <rows delivered> <payload bytes> <peak RSS KiB> <max heap bytes> <memory high water>}:
 * the most bytes the pipeline's memory budget counted at once ({@link Pipeline#memoryHighWaterBytes()}); the peak resident set
 * ({@code VmHWM} of /proc/self/status, -1 without /proc) is the process's whole life's, warm-up included. A measured drain
 * that fails prints {@code FAILED <reason>} instead.
 *
 * <p>The doris-table of {@code GO} may instead be {@code pg.table=doris_table,...}: one pipeline of several tables.
 *
 * <p>Arguments: {@code url user password publication scheme settings(k=v;k=v) batch-max-age-ms
 * [warm-slot warm-end-lsn warm-doris-table]}.
 */
public final class PipelineChild {

    private PipelineChild() {
    }

    public static void main(String[] a) throws Exception {
        String url = a[0];
        String user = a[1];
        String password = a[2];
        String publication = a[3];
        String scheme = a[4];
        String settings = a[5];
        long maxAgeMs = Long.parseLong(a[6]);
        if (a.length > 7) {
            Result w = drain(config(url, user, password, publication, scheme, settings, a[9], a[7], maxAgeMs), Lsn.parse(a[8]));
            System.err.printf("  %s warm-up: %,d rows in %.2f s%n", scheme, w.rows(), w.nanos() / 1e9);
        }
        System.out.println("READY");
        System.out.flush();
        String[] go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine().split(" ");
        Result r;
        try {
            r = drain(config(url, user, password, publication, scheme, settings, go[3], go[1], maxAgeMs), Lsn.parse(go[2]));
        } catch (RuntimeException | OutOfMemoryError e) {
            System.out.println("FAILED " + e.getMessage() + "; peak RSS " + peakRssKib() / 1024 + " MiB");
            System.out.flush();
            Runtime.getRuntime().halt(3);
            return;
        }
        System.out.println("RESULT " + r.nanos() + " " + r.cpuNanos() + " " + r.rows() + " " + r.bytes() + " " + peakRssKib() + " "
                + Runtime.getRuntime().maxMemory() + " " + r.memoryHighWater());
    }

    /** This JVM's peak resident set so far ({@code VmHWM} of /proc/self/status), in KiB; -1 where there is no /proc. */
    static long peakRssKib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    record Result(long nanos, long cpuNanos, long rows, long bytes, long memoryHighWater) {
    }

    private static PipelineConfig config(String url, String user, String password, String publication, String scheme, String settings,
                                         String dorisTable, String slot, long maxAgeMs) {
        PipelineConfig.Builder b = PipelineConfig.builder().postgres(url).user(user).password(password).slot(slot).publication(publication)
                .transport(scheme).initialSnapshot(false).sqlControlPlane(false)
                .statusInterval(Duration.ofSeconds(1)).batchMaxAge(Duration.ofMillis(maxAgeMs));
        if (dorisTable.contains("=")) { // pg.table=doris_table,pg.table2=doris_table2 (ShardedDrainHarness)
            for (String pair : dorisTable.split(",")) {
                b.route(pair.substring(0, pair.indexOf('=')), Workload.DORIS_DB, pair.substring(pair.indexOf('=') + 1));
            }
        } else {
            b.route(Workload.TABLE, Workload.DORIS_DB, dorisTable);
        }
        for (String kv : settings.split(";")) {
            if (!kv.isEmpty()) {
                b.transportSetting(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return b.build();
    }

    private static Result drain(PipelineConfig cfg, Lsn end) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
            while (p.acknowledgedLsn().compareTo(end) < 0) {
                if (!p.isRunning() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline " + cfg.slotName() + " stopped or timed out at " + p.acknowledgedLsn() + " of " + end
                            + ": " + p.failure().map(Throwable::toString).orElse("no failure recorded") + "; status " + p.status());
                }
                LockSupport.parkNanos(2_000_000);
            }
            long nanos = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            java.util.List<TableStatus> all = p.status();
            return new Result(nanos, cpu, all.stream().mapToLong(TableStatus::rowsDelivered).sum(),
                    all.stream().mapToLong(TableStatus::bytesDelivered).sum(), p.memoryHighWaterBytes());
        }
    }
}
