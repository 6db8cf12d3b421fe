package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.internal.Failpoints;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pipeline start that takes longer than the lease timeout (a slow server, a long copy plan) keeps
 * its lease: the lease is renewed while the stream starts, so the instance does not find its lease
 * lapsed right after starting, stop the fresh stream and claim the lease again under a new term.
 */
@PostgresTest
class SlowStartLeaseIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        emu.sql("db", "CREATE TABLE db.slow (id INT, v INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    @AfterAll
    static void stop() {
        Failpoints.open("start:slow-1");
        emu.close();
    }

    @Test
    void aStartLongerThanTheLeaseTimeoutKeepsTheLease() throws Exception {
        PG.execute("CREATE TABLE slow (id int PRIMARY KEY, v int)");
        Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("slow").publication("slow").route("public.slow", "db", "slow")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .instanceId("slow-1").leaseInterval(Duration.ofMillis(200)).leaseTimeout(Duration.ofSeconds(1))
                .statusInterval(Duration.ofSeconds(1)).build());
        try {
            Failpoints.close("start:slow-1");
            CompletableFuture<Void> started = CompletableFuture.runAsync(p::start);
            await().atMost(Duration.ofSeconds(30)).until(() -> Failpoints.parked("start:slow-1") == 1);
            Thread.sleep(2_500); // the start takes 2.5 lease timeouts
            Failpoints.open("start:slow-1");
            started.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> p.instance().streaming());
            long term = p.instance().term();
            Thread.sleep(1_500); // several supervisor rounds: a lapsed lease would be seen and claimed again
            assertThat(p.instance().state()).isEqualTo(InstanceState.ACTIVE);
            assertThat(p.instance().streaming()).isTrue();
            assertThat(p.instance().term()).as("the lease was never lost and claimed again").isEqualTo(term);
            PG.execute("INSERT INTO slow VALUES (1, 1)");
            await().atMost(Duration.ofSeconds(30)).until(() -> emu.table("db", "slow").rows().size() == 1);
        } finally {
            Failpoints.open("start:slow-1");
            p.stop();
        }
    }
}
