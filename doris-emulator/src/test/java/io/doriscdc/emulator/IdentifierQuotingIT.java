package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Names in the {@code columns} header and in SQL, read as Doris reads them: backquoted names hold
 * anything, bare ones split, alias and fail as in {@code SELECT <columns>}; JSON fields match the header's
 * names exactly; {@code hidden_columns} is never unquoted; CREATE TABLE applies Doris's column name rules.
 */
class IdentifierQuotingIT extends EmulatorITBase {

    private static final String HOSTILE = "CREATE TABLE h (`select` BIGINT NOT NULL, `a,b` STRING NULL, `名前` STRING NULL, `größe` STRING NULL, "
            + "`it's` STRING NULL, `say \"hi\"` STRING NULL, `a``b` STRING NULL, `from` STRING NULL) UNIQUE KEY(`select`) "
            + "DISTRIBUTED BY HASH(`select`) BUCKETS 1 PROPERTIES (\"function_column.sequence_type\" = \"largeint\")";
    private static final String COLUMNS = "`select`,`a,b`,`名前`,`größe`,`it's`,`say \"hi\"`,`a``b`,`from`,seq,__DORIS_DELETE_SIGN__";

    // Stream Load 'columns' is parsed as SELECT <columns> (NereidsLoadUtils.parseExpressionSeq); header bytes are UTF-8
    @Test
    void backquotedHeaderNamesCarryCommasQuotesNonAsciiAndReservedWords() throws Exception {
        emu.sql("db", HOSTILE);
        String head = "PUT /api/db/h/_stream_load HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + http.basic()
                + "\r\nlabel: q1\r\ncolumn_separator: ,\r\nenclose: \"\r\ncolumns: " + COLUMNS
                + "\r\nfunction_column.sequence_col: seq\r\nContent-Length: ";
        String body = "1,\"x,y\",n,g,q,s,b,f,10,0\n2,a,b,c,d,e,f,g,10,1\n";
        String reply = RawHttp.exchange(emu.backendPorts().get(0), head + body.getBytes(StandardCharsets.UTF_8).length, body);
        assertThat(reply).contains("\"Status\" : \"Success\"");
        assertThat(emu.table("db", "h").rows()).containsExactly(Map.of("select", 1L, "a,b", "x,y", "名前", "n", "größe", "g", "it's", "q",
                "say \"hi\"", "s", "a`b", "b", "from", "f"));
    }

    @Test
    void bareHeaderNamesSplitAtCommasTakeASpaceAsAnAliasAndFailOnReservedWords() throws Exception {
        Map<String, String> h = new HashMap<>(Map.of("label", "bare1", "columns", "id, v n", "column_separator", ","));
        assertThat(http.beLoad("db", "plain", h, "1,x\n")).containsEntry("Status", "Success");
        assertThat(emu.table("db", "plain").rows()).as("'v n' is the column v aliased n").containsExactly(row(1L, "x", null));
        h.putAll(Map.of("label", "bare2", "columns", "id,v,order"));
        Map<String, Object> r = http.beLoad("db", "plain", h, "2,y,3\n");
        assertThat(r).containsEntry("Status", "Fail");
        assertThat((String) r.get("Message")).isEqualTo("[INTERNAL_ERROR]TStatus: SyntaxParseException: \nmismatched input 'order'(line 1, pos 12)\n");
        assertThat(emu.loads()).filteredOn(l -> l.label().equals("bare2")).singleElement()
                .satisfies(l -> assertThat(l.state()).isEqualTo(TxnState.ABORTED));
    }

    // NewJsonReader::_column_index: a JSON field feeds a column only under the header's exact name
    @Test
    void jsonFieldsMatchTheColumnsHeaderNamesExactly() throws Exception {
        Map<String, String> h = new HashMap<>(json("j1"));
        h.put("columns", "id,v,`n`");
        String body = "{\"id\":1,\"V\":\"upper\",\"n\":5}\n{\"ID\":2,\"N\":6}\n";
        Map<String, Object> r = http.beLoad("db", "plain", h, body);
        assertThat(r).containsEntry("Status", "Fail").containsEntry("NumberFilteredRows", 1);
        h.put("label", "j2");
        h.put("max_filter_ratio", "1");
        r = http.beLoad("db", "plain", h, body);
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1);
        assertThat(emu.table("db", "plain").rows()).containsExactly(row(1L, null, 5L));
        String log = DorisHttp.send("GET", URI.create((String) r.get("ErrorURL")), Map.of(), null, false).body();
        assertThat(log).contains("There is no column matching jsonpaths in the json file, columns:[id, v, n, ]");
    }

    // NereidsStreamLoadTask: hidden_columns.replaceAll("\\s+", "").split(",") — no unquoting
    @Test
    void hiddenColumnsAreSplitVerbatimSoABackquotedDeleteSignIsNoDeleteSign() throws Exception {
        Map<String, String> h = Map.of("label", "hid1", "hidden_columns", " __DORIS_DELETE_SIGN__ ", "column_separator", ",");
        http.beLoad("db", "plain", h, "1,a,1,0\n2,b,2,0\n");
        http.beLoad("db", "plain", Map.of("label", "hid2", "hidden_columns", "__DORIS_DELETE_SIGN__", "column_separator", ","), "1,a,1,1\n");
        http.beLoad("db", "plain", Map.of("label", "hid3", "hidden_columns", "`__DORIS_DELETE_SIGN__`", "column_separator", ","), "2,b,2,1\n");
        assertThat(emu.table("db", "plain").rows()).containsExactly(row(2L, "b", 2L));
    }

    // FeNameFormat.checkColumnName (Unicode names on), CreateTableInfo's case-insensitive duplicate check, reserved words
    @Test
    void createTableAppliesDorisColumnNameRules() {
        emu.sql("db", HOSTILE);
        assertThat(emu.table("db", "h").columns()).containsExactly("select", "a,b", "名前", "größe", "it's", "say \"hi\"", "a`b", "from");
        assertThatThrownBy(() -> emu.sql("db", "CREATE TABLE r (id INT, select INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"))
                .hasMessageContaining("near 'select'");
        assertThatThrownBy(() -> emu.sql("db", "CREATE TABLE r (id INT, `v` INT, `V` INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"))
                .hasMessageContaining("Duplicate column name 'V'");
        assertThatThrownBy(() -> emu.sql("db", "CREATE TABLE r (id INT, `__doris_x` INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"))
                .hasMessageContaining("Incorrect column name __doris_x, column name can't start with '__DORIS_'");
        assertThatThrownBy(() -> emu.sql("db", "CREATE TABLE r (id INT, `v ` INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"))
                .hasMessageContaining("Incorrect column name 'v '. Column regex is '^[\\s\\S]{0,255}[\\S]$'");
        assertThatThrownBy(() -> emu.sql("db", "ALTER TABLE plain ADD COLUMN `__DORIS_DELETE_SIGN__` INT NULL"))
                .hasMessageContaining("can't start with '__DORIS_'");
        assertThatThrownBy(() -> emu.sql("db", "SELECT from FROM h")).hasMessageContaining("near 'from'");
        assertThat(emu.sql("db", "SELECT `from`, `a,b` FROM `h` ORDER BY `select`")).isEmpty();
    }

    private static Map<String, Object> row(Object id, Object v, Object n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("v", v);
        m.put("n", n);
        return m;
    }
}
