package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** §2 Two-phase commit and §3 label semantics. */
class LabelsAndTwoPhaseCommitIT extends EmulatorITBase {

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.labelNumThreshold(3).precommitTimeoutMillis(300);
    }

    private Map<String, String> twoPcHeaders(String label) {
        Map<String, String> h = new HashMap<>(json(label));
        h.put("two_phase_commit", "true");
        return h;
    }

    // §3 Re-sent load with an existing label: Label Already Exists + ExistingJobStatus FINISHED, message parseable by connectors
    @Test
    void labelReuseAfterSuccessIsFinished() throws Exception {
        Map<String, Object> first = http.beLoad("db", "plain", json("L1"), "{\"id\":1}");
        Map<String, Object> again = http.beLoad("db", "plain", json("L1"), "{\"id\":2}");
        assertThat(again).containsEntry("Status", "Label Already Exists").containsEntry("ExistingJobStatus", "FINISHED");
        assertThat(again.keySet()).containsSubsequence("Status", "ExistingJobStatus", "Message");
        assertThat((String) again.get("Message")).containsPattern(
                "Label \\[L1\\] has already been used, relate to txn \\[" + first.get("TxnId") + "\\]");
        assertThat(emu.table("db", "plain").rowCount()).isEqualTo(1);
    }

    // §3 An earlier failed or aborted attempt does not block reuse of its label
    @Test
    void labelOfAbortedLoadIsReusable() throws Exception {
        emu.faults().failNextLoads(1, "Fail", "[E-235]too many versions");
        assertThat(http.beLoad("db", "plain", json("L2"), "{\"id\":1}")).containsEntry("Status", "Fail");
        assertThat(http.beLoad("db", "plain", json("L2"), "{\"id\":1}")).containsEntry("Status", "Success");
    }

    // §2 Flow: a two-phase load stays invisible until commit; label reuse meanwhile says PRECOMMITTED
    @Test
    void twoPhaseLoadInvisibleUntilCommit() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", twoPcHeaders("tp1"), "{\"id\":1}");
        assertThat(r).containsEntry("Status", "Success").containsEntry("TwoPhaseCommit", "true");
        assertThat(emu.table("db", "plain").rowCount()).isZero();
        assertThat(http.beLoad("db", "plain", twoPcHeaders("tp1"), "{\"id\":1}")).containsEntry("ExistingJobStatus", "PRECOMMITTED");
        assertThat(http.getJson(http.fe("/api/db/get_load_state?label=tp1"))).containsEntry("data", "PRECOMMITTED");
        long txn = ((Number) r.get("TxnId")).longValue();
        Map<String, Object> commit = http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "commit"));
        assertThat(commit).containsExactly(Map.entry("status", "Success"), Map.entry("msg", "transaction [" + txn + "] commit successfully."));
        assertThat(emu.table("db", "plain").rowCount()).isEqualTo(1);
    }

    // §2 Commit of an already committed transaction is an error, not success (connectors match "is already visible|committed")
    @Test
    void commitTwiceSaysAlreadyVisible() throws Exception {
        long txn = ((Number) http.beLoad("db", "plain", twoPcHeaders("tp2"), "{\"id\":1}").get("TxnId")).longValue();
        http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "commit"));
        Map<String, Object> again = http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "commit"));
        assertThat(again.get("status")).isNotEqualTo("Success");
        assertThat((String) again.get("msg")).containsPattern("transaction \\[" + txn + "\\] is already \\b(COMMITTED|committed|VISIBLE|visible)\\b, not pre-committed.");
        Map<String, Object> abort = http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "abort"));
        assertThat((String) abort.get("msg")).contains("transaction [" + txn + "] is already VISIBLE, could not abort.");
    }

    // §2 abort by label, then commit says aborted; unknown ids and labels; bad operation; FE-side header checks
    @Test
    void abortAndNotFoundTexts() throws Exception {
        long txn = ((Number) http.beLoad("db", "plain", twoPcHeaders("tp3"), "{\"id\":1}").get("TxnId")).longValue();
        assertThat(http.twoPc("db", Map.of("label", "tp3", "txn_operation", "abort")))
                .containsEntry("status", "Success").containsEntry("msg", "label [tp3] abort successfully.");
        assertThat((String) http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "commit")).get("msg"))
                .contains("transaction [" + txn + "] is already aborted. abort reason: ");
        assertThat((String) http.twoPc("db", Map.of("txn_id", "999999", "txn_operation", "commit")).get("msg"))
                .contains("transaction [999999] not found");
        assertThat((String) http.twoPc("db", Map.of("label", "nope", "txn_operation", "commit")).get("msg"))
                .contains("transaction not found, label=nope");
        assertThat((String) http.twoPc("db", Map.of("txn_id", "1", "txn_operation", "Commit")).get("msg"))
                .isEqualTo("transaction operation should be 'commit' or 'abort'");
        assertThat(http.beLoad("db", "plain", twoPcHeaders("tp3"), "{\"id\":1}")).containsEntry("Status", "Success");
        var fe = DorisHttp.send("PUT", http.fe("/api/db/_stream_load_2pc"), Map.of("Authorization", http.basic(), "txn_id", "1"), new byte[0], false);
        assertThat(fe.body()).contains("No transaction operation('commit' or 'abort') selected.");
        var fe2 = DorisHttp.send("PUT", http.fe("/api/db/plain/_stream_load_2pc"), Map.of("Authorization", http.basic(), "txn_operation", "commit"), new byte[0], false);
        assertThat(fe2.body()).contains("No transaction id or label selected.");
        var redirect = DorisHttp.send("PUT", http.fe("/api/db/_stream_load_2pc"), Map.of("Authorization", http.basic(), "txn_id", "1", "txn_operation", "commit"), new byte[0], false);
        assertThat(redirect.statusCode()).as("the FE 2PC endpoint does not check Expect and redirects").isEqualTo(307);
    }

    // §2 Timeouts: a PRECOMMITTED txn aborts after the pre-commit timeout; its label becomes free
    @Test
    void precommittedTransactionTimesOut() throws Exception {
        long txn = ((Number) http.beLoad("db", "plain", twoPcHeaders("tp4"), "{\"id\":1}").get("TxnId")).longValue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(http.getJson(http.fe("/api/db/get_load_state?label=tp4"))).containsEntry("data", "ABORTED"));
        assertThat((String) http.twoPc("db", Map.of("txn_id", String.valueOf(txn), "txn_operation", "commit")).get("msg"))
                .contains("is already aborted");
    }

    // §3 label_num_threshold: beyond N finished txns per DB the oldest labels are forgotten, regardless of age
    @Test
    void labelWindowByCount() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(http.beLoad("db", "plain", json("w" + i), "{\"id\":" + i + "}")).containsEntry("Status", "Success");
        }
        assertThat(http.beLoad("db", "plain", json("w0"), "{\"id\":0}")).as("forgotten").containsEntry("Status", "Success");
        assertThat(http.beLoad("db", "plain", json("w4"), "{\"id\":4}")).containsEntry("Status", "Label Already Exists");
    }

    // §3 streaming_label_keep_max_second: labels expire after the keep time
    @Test
    void labelWindowByAge() throws Exception {
        try (DorisEmulator short_ = DorisEmulator.builder().labelKeepMillis(200).start()) {
            short_.sql("db", "CREATE DATABASE db");
            short_.sql("db", "CREATE TABLE p (id INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id)");
            DorisHttp h = new DorisHttp(short_);
            assertThat(h.beLoad("db", "p", json("age"), "{\"id\":1}")).containsEntry("Status", "Success");
            assertThat(h.beLoad("db", "p", json("age"), "{\"id\":1}")).containsEntry("Status", "Label Already Exists");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(h.beLoad("db", "p", json("age"), "{\"id\":1}")).containsEntry("Status", "Success"));
        }
    }
}
