package io.doriscdc.bench.e2e;

import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The pipeline side of {@link LatencyHarness}, in its own JVM so that its process CPU and memory are the
 * pipeline's alone: streams one slot from {@code start()} on, prints {@code READY}, then answers lines on
 * its standard input: {@code CPU} → {@code CPU <process cpu nanos> <peak RSS KiB>}; at the end of its
 * input it stops the pipeline (delivering what it read) and prints {@code DONE}. A pipeline failure is
 * printed as {@code FAILED <reason>} and ends the process.
 *
 * <p>Arguments: {@code url user password publication slot scheme settings(k=v;k=v) doris-table batch-max-age-ms
 * max-loads-per-second}; {@code -} for either of the last two leaves the pipeline's default (so that a
 * runtime without {@code batch.max-loads-per-second} runs too).
 */
public final class StreamingChild {

    private StreamingChild() {
    }

    public static void main(String[] a) throws Exception {
        PipelineConfig.Builder b = PipelineConfig.builder().postgres(a[0]).user(a[1]).password(a[2]).publication(a[3]).slot(a[4])
                .transport(a[5]).route(Workload.TABLE, Workload.DORIS_DB, a[7]).initialSnapshot(false).sqlControlPlane(false)
                .statusInterval(Duration.ofSeconds(1));
        for (String kv : a[6].split(";")) {
            if (!kv.isEmpty()) {
                b.transportSetting(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        if (!a[8].equals("-")) {
            b.batchMaxAge(Duration.ofMillis(Long.parseLong(a[8])));
        }
        if (!a[9].equals("-")) {
            b.batchMaxLoadsPerSecond(Double.parseDouble(a[9]));
        }
        PipelineConfig config = b.build();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Pipeline p = Pipeline.create(config)) {
            p.start();
            System.out.println("READY batch.max-age " + config.batchMaxAge().toMillis() + " ms");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String l; (l = in.readLine()) != null; ) {
                if (!p.isRunning()) {
                    System.out.println("FAILED " + p.failure().map(Throwable::toString).orElse("the pipeline stopped") + "; status " + p.status());
                    System.out.flush();
                    System.exit(3);
                }
                if (l.equals("CPU")) {
                    System.out.println("CPU " + os.getProcessCpuTime() + " " + PipelineChild.peakRssKib());
                    System.out.flush();
                }
            }
        }
        System.out.println("DONE");
    }
}
