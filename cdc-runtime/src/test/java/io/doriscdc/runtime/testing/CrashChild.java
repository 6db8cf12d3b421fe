package io.doriscdc.runtime.testing;

import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import java.time.Duration;

/**
 * A pipeline in a process of its own, for crash tests: it runs until the test kills it with
 * SIGKILL. Arguments: jdbcUrl user password slot feHostPort table...
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(args[0]).user(args[1]).password(args[2])
                .slot(args[3]).publication(args[3])
                .transport("streamload").transportSetting("fe", args[4]).transportSetting("format", "json")
                .transportSetting("max-attempts", "3").transportSetting("initial-backoff", "50ms")
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1))
                .snapshotBatchRows(2_000).snapshotChunkPages(32);
        for (int i = 5; i < args.length; i++) {
            b.route("public." + args[i], "db", args[i]);
        }
        Pipeline p = Pipeline.create(b.build());
        p.start();
        System.out.println("STARTED");
        System.out.flush();
        while (true) {
            Thread.sleep(1000); // idle main thread of a process that only ends by being killed
            if (p.failure().isPresent()) {
                System.out.println("FAILED " + p.failure().get());
                System.out.flush();
            }
        }
    }
}
