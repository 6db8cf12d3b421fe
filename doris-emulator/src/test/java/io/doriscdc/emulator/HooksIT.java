package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The test hooks of the fault injector: actions that run on the handler thread at exact points of a request. */
class HooksIT extends EmulatorITBase {

    @Test
    void sqlHooksRunBeforeAndAfterTheStatementIsApplied() throws Exception {
        http.beLoad("db", "plain", json("h1"), "{\"id\":1}");
        List<Long> seen = new ArrayList<>();
        emu.faults().onSql(s -> s.startsWith("TRUNCATE"), () -> seen.add(emu.table("db", "plain").rowCount()),
                () -> seen.add(emu.table("db", "plain").rowCount()));
        assertThat(http.sql("db", "TRUNCATE TABLE plain")).containsEntry("code", 0);
        assertThat(seen).containsExactly(1L, 0L);
        http.sql("db", "SELECT * FROM plain");
        assertThat(seen).as("other statements are not hooked").hasSize(2);
    }

    @Test
    void aSqlHookThatThrowsBeforeKeepsTheStatementFromBeingApplied() throws Exception {
        http.beLoad("db", "plain", json("h2"), "{\"id\":1}");
        emu.faults().onSql(s -> s.startsWith("TRUNCATE"), () -> {
            throw new IllegalStateException("client gone");
        }, null);
        Map<String, Object> answer = http.sql("db", "TRUNCATE TABLE plain");
        assertThat(answer).containsEntry("code", 1);
        assertThat((String) answer.get("msg")).contains("statement not applied: client gone");
        assertThat(emu.table("db", "plain").rowCount()).isEqualTo(1);
        emu.faults().clear();
        assertThat(http.sql("db", "TRUNCATE TABLE plain")).containsEntry("code", 0);
        assertThat(emu.table("db", "plain").rowCount()).isZero();
    }

    @Test
    void loadCommittedHooksSeeTheRowsBeforeTheLoadIsAnswered() throws Exception {
        List<Long> seen = new ArrayList<>();
        emu.faults().onLoadCommitted("db", "plain", () -> seen.add(emu.table("db", "plain").rowCount()));
        http.beLoad("db", "plain", json("h3"), "{\"id\":1}\n{\"id\":2}");
        emu.faults().failNextLoads(1, "Fail", "[E-235]too many versions");
        http.beLoad("db", "plain", json("h4"), "{\"id\":3}");
        http.beLoad("db", "t", jsonSeq("h5"), "{\"id\":1,\"s\":1,\"__DORIS_DELETE_SIGN__\":0}");
        assertThat(seen).as("one call, after the commit of the plain load; failed loads and other tables are not hooked").containsExactly(2L);
    }
}
