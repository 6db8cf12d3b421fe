package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** §1.3 Status values and the ambiguous cases, driven by the fault injector (issue item 6). */
class FaultInjectionIT extends EmulatorITBase {

    // §1.3 Fail: e.g. -235 too many versions; the txn is rolled back, nothing visible, label reusable
    @Test
    void failNextLoadsAnswersTheGivenStatusAndMessage() throws Exception {
        emu.faults().failNextLoads(2, "Fail", "[E-235]too many versions");
        for (int i = 0; i < 2; i++) {
            assertThat(http.beLoad("db", "plain", json("f"), "{\"id\":1}"))
                    .containsEntry("Status", "Fail").containsEntry("Message", "[E-235]too many versions").containsEntry("NumberLoadedRows", 0);
        }
        assertThat(emu.table("db", "plain").rowCount()).isZero();
        assertThat(http.beLoad("db", "plain", json("f"), "{\"id\":1}")).containsEntry("Status", "Success");
        assertThat(emu.counters().txnsAborted()).isEqualTo(2);
    }

    // §1.3 Publish Timeout: committed; a same-label retry gets Label Already Exists / FINISHED
    @Test
    void publishTimeoutCommitsTheData() throws Exception {
        emu.faults().publishTimeoutNext(1);
        assertThat(http.beLoad("db", "plain", json("pt"), "{\"id\":1}")).containsEntry("Status", "Publish Timeout");
        assertThat(http.getJson(http.fe("/api/db/get_load_state?label=pt")).get("data")).isIn("COMMITTED", "VISIBLE");
        assertThat(http.beLoad("db", "plain", json("pt"), "{\"id\":1}")).containsEntry("ExistingJobStatus", "FINISHED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.getJson(http.fe("/api/db/get_load_state?label=pt"))).containsEntry("data", "VISIBLE"));
        assertThat(emu.table("db", "plain").rowCount()).isEqualTo(1);
    }

    // the ambiguous case: data committed, connection reset before the response
    @Test
    void resetAfterCommitLeavesDataCommitted() throws Exception {
        emu.faults().resetAfterCommit(1);
        assertThatThrownBy(() -> http.beLoad("db", "plain", json("amb"), "{\"id\":1}")).isInstanceOf(IOException.class);
        assertThat(emu.table("db", "plain").rowCount()).isEqualTo(1);
        assertThat(http.beLoad("db", "plain", json("amb"), "{\"id\":1}")).containsEntry("Status", "Label Already Exists")
                .containsEntry("ExistingJobStatus", "FINISHED");
    }

    // connection reset mid-body: nothing committed, label free again
    @Test
    void resetMidBodyAbortsTheLoad() throws Exception {
        emu.faults().resetMidBody(1);
        assertThatThrownBy(() -> http.beLoad("db", "plain", json("mid"), "{\"id\":1}\n".repeat(1000))).isInstanceOf(IOException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.getJson(http.fe("/api/db/get_load_state?label=mid"))).containsEntry("data", "ABORTED"));
        assertThat(http.beLoad("db", "plain", json("mid"), "{\"id\":1}")).containsEntry("Status", "Success");
    }

    // delayed responses: the load is decided before the delay; a concurrent same-label load sees RUNNING while a load is slow
    @Test
    void delayedResponseAndRunningLabel() throws Exception {
        emu.faults().delayResponses(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(http.beLoad("db", "plain", json("d1"), "{\"id\":1}")).containsEntry("Status", "Success");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        emu.faults().clear().slowReads(2000);
        CompletableFuture<Map<String, Object>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return http.beLoad("db", "plain", json("run"), "{\"id\":2}\n".repeat(600));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.getJson(http.fe("/api/db/get_load_state?label=run"))).containsEntry("data", "PREPARE"));
        assertThat(http.beLoad(1, "db", "plain", json("run"), "{\"id\":3}".getBytes())).containsEntry("ExistingJobStatus", "RUNNING");
        emu.faults().clear();
        assertThat(slow.get()).containsEntry("Status", "Success");
    }
}
