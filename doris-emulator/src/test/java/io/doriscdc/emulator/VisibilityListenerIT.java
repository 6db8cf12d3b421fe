package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The visibility listener: told at each commit which keys became readable, when they did, and nothing else. */
class VisibilityListenerIT extends EmulatorITBase {

    private record Seen(String db, String table, List<List<Object>> keys) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.visibilityListener((db, table, keys) -> seen.add(new Seen(db, table, List.copyOf(keys))));
    }

    @Test
    void aCommittedLoadReportsTheKeysItWroteButNotItsDeletes() throws Exception {
        http.beLoad("db", "t", jsonSeq("v1"), "{\"id\":1,\"v\":\"a\",\"s\":1,\"__DORIS_DELETE_SIGN__\":0}\n"
                + "{\"id\":2,\"v\":\"b\",\"s\":1,\"__DORIS_DELETE_SIGN__\":0}\n{\"id\":3,\"s\":1,\"__DORIS_DELETE_SIGN__\":1}");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).db()).isEqualTo("db");
        assertThat(seen.get(0).table()).isEqualTo("t");
        assertThat(seen.get(0).keys()).containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void aFailedLoadReportsNothing() throws Exception {
        emu.faults().failNextLoads(1, "Fail", "[E-235]too many versions");
        http.beLoad("db", "plain", json("v2"), "{\"id\":1}");
        assertThat(seen).isEmpty();
    }

    @Test
    void aTwoPhaseLoadIsReportedAtItsCommitNotAtItsPrecommit() throws Exception {
        Map<String, String> h = new HashMap<>(json("v3"));
        h.put("two_phase_commit", "true");
        Map<String, Object> r = http.beLoad("db", "plain", h, "{\"id\":7}");
        assertThat(seen).as("pre-committed rows are not readable").isEmpty();
        http.twoPc("db", Map.of("txn_id", String.valueOf(((Number) r.get("TxnId")).longValue()), "txn_operation", "commit"));
        assertThat(seen).extracting(Seen::keys).containsExactly(List.of(List.of(7L)));
    }
}
