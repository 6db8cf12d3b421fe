package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** §1.2 BE handler headers and §1.3 response JSON. */
class BeStreamLoadIT extends EmulatorITBase {

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.maxBodyBytes(1000);
    }

    // §1.3 Response JSON: keys in Doris's order, TwoPhaseCommit as a string, counters as numbers
    @Test
    void responseHasDorisKeysInOrder() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "k1", "comment", "hi"), "1\ta\t5\n2\tb\t6\n");
        assertThat(r.keySet()).containsExactly("TxnId", "Label", "Comment", "TwoPhaseCommit", "Status", "Message",
                "NumberTotalRows", "NumberLoadedRows", "NumberFilteredRows", "NumberUnselectedRows", "LoadBytes",
                "LoadTimeMs", "BeginTxnTimeMs", "StreamLoadPutTimeMs", "ReadDataTimeMs", "WriteDataTimeMs",
                "ReceiveDataTimeMs", "CommitAndPublishTimeMs");
        assertThat(r).containsEntry("TwoPhaseCommit", "false").containsEntry("Comment", "hi")
                .containsEntry("Status", "Success").containsEntry("Message", "OK").containsEntry("LoadBytes", 12)
                .containsEntry("NumberLoadedRows", 2);
        assertThat(r.get("TxnId")).isInstanceOf(Integer.class);
        assertThat(emu.table("db", "plain").rows()).extracting(m -> m.get("n")).containsExactly(5L, 6L);
    }

    // §1.2 CSV headers: multi-char separator, enclose and escape, \N is NULL, enclosed "\N" is text
    @Test
    void csvHonoursSeparatorEncloseEscapeAndNull() throws Exception {
        String body = "1||\"a||b\\\"c\"||\\N\n2||\"x\"||7\n";
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "csv1", "column_separator", "||",
                "enclose", "\"", "escape", "\\"), body);
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 2);
        List<Map<String, Object>> rows = emu.table("db", "plain").rows();
        assertThat(rows.get(0)).containsEntry("v", "a||b\"c").containsEntry("n", null);
        assertThat(rows.get(1)).containsEntry("v", "x").containsEntry("n", 7L);
        http.beLoad("db", "plain", Map.of("label", "csv2", "enclose", "\""), "3\t\"\\N\"\t1\n");
        assertThat(emu.table("db", "plain").rows().get(2)).as("an enclosed \\N is text").containsEntry("v", "\\N");
    }

    // §1.2 column_separator hex escape \x01 and the columns header reordering source columns
    @Test
    void hexSeparatorAndColumnsHeader() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "hex", "column_separator", "\\x01",
                "columns", "n,id,v"), "9\u00011\u0001x\n");
        assertThat(r).containsEntry("Status", "Success");
        assertThat(emu.table("db", "plain").rows().get(0)).containsEntry("id", 1L).containsEntry("n", 9L).containsEntry("v", "x");
    }

    // §1.2 Content-Length xor chunked
    @Test
    void framingErrorsUseDorisTexts() throws Exception {
        int be = emu.backendPorts().get(0);
        String both = RawHttp.exchange(be, "PUT /api/db/plain/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + http.basic() + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked", "0\r\n\r\n");
        assertThat(both).contains("please do not set both content_length and transfer-encoding");
        String none = RawHttp.exchange(be, "PUT /api/db/plain/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + http.basic(), null);
        assertThat(none).contains("content_length is empty and transfer-encoding!=chunked, please set content_length or transfer-encoding=chunked");
        String chunked = RawHttp.exchange(be, "PUT /api/db/plain/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + http.basic() + "\r\nTransfer-Encoding: chunked\r\nlabel: chunky", "6\r\n1\ta\t1\n\r\n0\r\n\r\n");
        assertThat(chunked).contains("\"Status\" : \"Success\"");
    }

    // §1.2 label regex ^[-_A-Za-z0-9:]{1,128}$ checked at begin_txn (FE error text)
    @Test
    void badLabelIsRejected() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "bad label!"), "1\ta\t1");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("TxnId", -1);
        assertThat((String) r.get("Message")).contains("Label format error. regex: ^[-_A-Za-z0-9:]{1,128}$");
        assertThat(http.beLoad("db", "plain", Map.of("label", "x".repeat(129)), "1\ta\t1")).containsEntry("Status", "Fail");
    }

    // §1.2 format / enclose / strict_mode / merge_type validation texts
    @Test
    void headerValidationTexts() throws Exception {
        assertThat((String) http.beLoad("db", "plain", Map.of("format", "xml"), "x").get("Message")).contains("unknown data format, format=xml");
        assertThat((String) http.beLoad("db", "plain", Map.of("enclose", "ab"), "x").get("Message")).contains("enclose must be single-char");
        assertThat((String) http.beLoad("db", "plain", Map.of("escape", "ab"), "x").get("Message")).contains("escape must be single-char");
        assertThat((String) http.beLoad("db", "plain", Map.of("strict_mode", "yes"), "x").get("Message")).contains("Invalid strict mode format. Must be bool type");
        assertThat((String) http.beLoad("db", "plain", Map.of("merge_type", "UPSERT"), "x").get("Message")).contains("Invalid merge type UPSERT");
        assertThat((String) http.beLoad("db", "plain", Map.of("merge_type", "MERGE"), "x").get("Message")).contains("Excepted DELETE ON clause when merge type is MERGE.");
        assertThat((String) http.beLoad("db", "plain", Map.of("delete", "n=1"), "x").get("Message")).contains("Not support DELETE ON clause when merge type is not MERGE.");
        assertThat((String) http.beLoad("db", "plain", Map.of("unique_key_update_mode", "X"), "x").get("Message")).contains("Invalid unique_key_partial_mode");
    }

    // §1.2 size limit streaming_load_max_mb
    @Test
    void bodyOverTheLimitIsRejected() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "big"), "1\ta\t1\n".repeat(200));
        assertThat(r).containsEntry("Status", "Fail");
        assertThat((String) r.get("Message")).contains("exceed BE's conf `streaming_load_max_mb`");
    }

    // §1.2 compress_type gz
    @Test
    void gzipBodyIsDecompressed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"id\":4,\"v\":\"z\"}\n".getBytes());
        }
        Map<String, Object> r = http.beLoad(0, "db", "plain", Map.of("label", "gz", "format", "json", "compress_type", "gz"), bytes.toByteArray());
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1);
        assertThat(emu.table("db", "plain").rows().get(0)).containsEntry("v", "z");
    }

    // §1.2 strict_mode + max_filter_ratio: filtered rows fail the load with [DATA_QUALITY_ERROR] and an ErrorURL that is served
    @Test
    void strictModeFiltersBadValuesAndServesErrorUrl() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "strict", "strict_mode", "true"), "1\ta\t1\n2\tb\tnotanumber\n");
        assertThat(r).containsEntry("Status", "Fail").containsEntry("Message", "[DATA_QUALITY_ERROR]too many filtered rows")
                .containsEntry("NumberTotalRows", 2).containsEntry("NumberFilteredRows", 1).containsEntry("NumberLoadedRows", 0);
        String url = (String) r.get("ErrorURL");
        assertThat(url).contains("/api/_load_error_log?file=");
        String log = DorisHttp.send("GET", URI.create(url), Map.of(), null, false).body();
        assertThat(log).contains("Reason:").contains("notanumber");
        assertThat(emu.table("db", "plain").rowCount()).isZero();
        Map<String, Object> tolerated = http.beLoad("db", "plain", Map.of("label", "strict2", "strict_mode", "true",
                "max_filter_ratio", "0.5"), "1\ta\t1\n2\tb\tnotanumber\n");
        assertThat(tolerated).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1).containsKey("ErrorURL");
    }

    // §1.2 non-strict mode: a failed conversion becomes NULL; NOT NULL columns still filter; a string longer than
    // its column is filtered in both modes (be vtablet_block_convertor.cpp, OlapTableBlockConvertor::_validate_column)
    @Test
    void nonStrictModeTurnsBadValuesIntoNull() throws Exception {
        Map<String, Object> r = http.beLoad("db", "plain", Map.of("label", "lenient", "max_filter_ratio", "1"),
                "1\ta\tnotanumber\nx\tb\t2\n3\tlongerthanten\t3\n");
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 1).containsEntry("NumberFilteredRows", 2);
        List<Map<String, Object>> rows = emu.table("db", "plain").rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("id", 1L).containsEntry("n", null);
    }

    // §4 Sequence column: a load into a table with a sequence column must name it
    @Test
    void sequenceTableNeedsSequenceColHeader() throws Exception {
        Map<String, Object> r = http.beLoad("db", "t", json("noseq"), "{\"id\":1}");
        assertThat(r).containsEntry("Status", "Fail");
        assertThat((String) r.get("Message")).contains("Table t has sequence column, need to specify the sequence column");
        assertThat((Integer) r.get("TxnId")).isPositive();
    }

    // §5 Group commit: a label is refused; without a label the response has GroupCommit true and no txn timings
    @Test
    void groupCommitRefusesLabel() throws Exception {
        Map<String, Object> refused = http.beLoad("db", "plain", Map.of("label", "gc", "group_commit", "async_mode"), "1\ta\t1");
        assertThat(refused).containsEntry("Status", "Fail");
        assertThat((String) refused.get("Message")).contains("label and group_commit can't be set at the same time");
        Map<String, Object> ok = http.beLoad("db", "plain", Map.of("group_commit", "sync_mode"), "1\ta\t1");
        assertThat(ok).containsEntry("Status", "Success").containsEntry("GroupCommit", true)
                .doesNotContainKeys("TwoPhaseCommit", "BeginTxnTimeMs", "CommitAndPublishTimeMs");
        assertThat((String) ok.get("Label")).startsWith("group_commit_");
        Map<String, Object> twoPc = http.beLoad("db", "plain", Map.of("label", "gc2", "group_commit", "async_mode", "two_phase_commit", "true"), "2\ta\t1");
        assertThat(twoPc).containsEntry("Status", "Success").containsEntry("TwoPhaseCommit", "true");
    }

    // §1.2 JSON: strip_outer_array, absent key is a missing column, JSON null is NULL, unknown table
    @Test
    void jsonArrayAndMissingKeys() throws Exception {
        Map<String, String> h = new HashMap<>(Map.of("label", "arr", "format", "json", "strip_outer_array", "true"));
        Map<String, Object> r = http.beLoad("db", "plain", h, "[{\"id\":1,\"v\":null},{\"id\":2,\"n\":3}]");
        assertThat(r).containsEntry("Status", "Success").containsEntry("NumberLoadedRows", 2);
        assertThat(emu.table("db", "plain").rows().get(0)).containsEntry("v", null).containsEntry("n", null);
        assertThat((String) http.beLoad("db", "nope", json("u"), "{}").get("Message")).contains("Unknown table 'nope'");
    }
}
