package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;
import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadPayload;
import io.doriscdc.streamload.StreamLoadSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "w"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("t", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("big", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, false)));
    static final TableMapping MAPPING = new TableMapping(SCHEMA, DorisTableId.of("db", "w"));

    static StreamLoadEncoder encoder(String format) {
        return new StreamLoadEncoder(MAPPING, StreamLoadSettings.from(TransportConfig.of(Map.of("fe", "h:1", "format", format))).encoding());
    }

    static String body(LoadPart p) {
        LoadBody.Bytes b = (LoadBody.Bytes) p.body();
        return new String(b.bytes(), 0, b.size(), StandardCharsets.UTF_8);
    }

    @Test
    void csvEnclosesAndEscapesTextAndWritesNullAsBareBackslashN() {
        StreamLoadEncoder e = encoder("csv");
        e.upsert(ObjectRow.of(SCHEMA, 1L, "a\t\"b\"\\\n", ""), StreamPosition.of(1, 2));
        e.upsert(ObjectRow.of(SCHEMA, 2L, null, "\\N"), StreamPosition.of(1, 3));
        LoadPart p = e.finish().parts().get(0);
        assertThat(body(p)).isEqualTo("1\t\"a\t\\\"b\\\"\\\\\n\"\t\"\"\t18446744073709551618\t0\n2\t\\N\t\"\\\\N\"\t18446744073709551619\t0\n");
        assertThat(p.headers()).containsEntry("format", "csv").containsEntry("enclose", "\"").containsEntry("escape", "\\")
                .containsEntry("column_separator", "\\x09").containsEntry("columns", "`id`,`t`,`big`,__doris_cdc_version,__DORIS_DELETE_SIGN__")
                .containsEntry("function_column.sequence_col", "__doris_cdc_version").doesNotContainKey("partial_columns");
    }

    @Test
    void jsonLinesCarryVersionAndDeleteSignAndDeletesFillNotNullColumns() {
        StreamLoadEncoder e = encoder("json");
        e.upsert(ObjectRow.of(SCHEMA, 1L, "x\ny", "😀"), StreamPosition.of(1, 2));
        e.delete(ObjectRow.of(SCHEMA, 1L, null, null), StreamPosition.of(1, 3));
        LoadPart p = e.finish().parts().get(0);
        assertThat(body(p)).isEqualTo("{\"id\":1,\"t\":\"x\\ny\",\"big\":\"😀\",\"__doris_cdc_version\":\"18446744073709551618\",\"__DORIS_DELETE_SIGN__\":0}\n"
                + "{\"id\":1,\"t\":null,\"big\":\"\",\"__doris_cdc_version\":\"18446744073709551619\",\"__DORIS_DELETE_SIGN__\":1}\n");
        assertThat(p.headers()).containsEntry("format", "json").containsEntry("read_json_by_line", "true");
    }

    @Test
    void unchangedToastRowsGoToAPartialUpdatePartAfterTheFullRows() {
        StreamLoadEncoder e = encoder("json");
        e.upsert(ObjectRow.of(SCHEMA, 1L, "a", ObjectRow.UNCHANGED), StreamPosition.of(5, 1));
        e.upsert(ObjectRow.of(SCHEMA, 2L, "b", "c"), StreamPosition.of(6, 1));
        e.upsert(ObjectRow.of(SCHEMA, 3L, ObjectRow.UNCHANGED, ObjectRow.UNCHANGED), StreamPosition.of(7, 1));
        StreamLoadPayload payload = e.finish();
        assertThat(payload.parts()).extracting(LoadPart::labelSuffix).containsExactly("", "-p1", "-p2");
        assertThat(payload.parts().get(1).headers()).containsEntry("partial_columns", "true")
                .containsEntry("columns", "`id`,`t`,__doris_cdc_version,__DORIS_DELETE_SIGN__");
        assertThat(body(payload.parts().get(1))).doesNotContain("big");
        assertThat(payload.parts().get(2).headers()).containsEntry("columns", "`id`,__doris_cdc_version,__DORIS_DELETE_SIGN__");
        assertThat(payload.rowCount()).isEqualTo(3);
        assertThat(e.finish().parts()).as("the encoder starts a new batch").isEmpty();
    }

    @Test
    void aFinishedPayloadIsNotOverwrittenByTheNextBatch() {
        StreamLoadEncoder e = encoder("csv");
        e.upsert(ObjectRow.of(SCHEMA, 1L, "first", "x"), StreamPosition.of(1, 1));
        LoadPart first = e.finish().parts().get(0);
        String before = body(first);
        e.upsert(ObjectRow.of(SCHEMA, 2L, "second", "y"), StreamPosition.of(2, 1));
        e.finish();
        assertThat(body(first)).isEqualTo(before);
    }

    @Test
    void subLabelsStayWithinDorisRules() {
        String longLabel = "p".repeat(126);
        String sub = PartLabels.of(longLabel, "-p12");
        assertThat(sub).hasSizeLessThanOrEqualTo(128).endsWith("-p12").isEqualTo(PartLabels.of(longLabel, "-p12"));
        assertThat(PartLabels.of("lbl", "")).isEqualTo("lbl");
    }

    @Test
    void failuresAreClassifiedByStableFragments() {
        assertThat(Responses.isFinal("[DATA_QUALITY_ERROR]too many filtered rows")).isTrue();
        assertThat(Responses.isFinal("Access denied for user 'root'")).isTrue();
        assertThat(Responses.isFinal("[ANALYSIS_ERROR]TStatus: errCode = 2, detailMessage = Unknown table 't'")).isTrue();
        assertThat(Responses.isFinal("[E-235]failed to init rowset builder. version count: 2001")).isFalse();
        assertThat(Responses.isFinal("current running txns on db 10 is 100, larger than limit 100")).isFalse();
        assertThat(Responses.isFinal("some new error")).isFalse();
        assertThat(Responses.alreadyCommitted("transaction [18036] is already visible, not pre-committed.")).isTrue();
        assertThat(Responses.txnOf("Label [l] has already been used, relate to txn [42], status [VISIBLE].")).isEqualTo(42);
    }

    @Test
    void redirectCredentialsAreRedacted() {
        assertThat(Redact.location("http://root:hunter2@be:8040/api/db/t/_stream_load?")).isEqualTo("http://****@be:8040/api/db/t/_stream_load?");
        assertThat(Redact.withoutUserInfo(java.net.URI.create("http://root:hunter2@be:8040/x?")).toString()).doesNotContain("hunter2");
    }

    @Test
    void datesAndTimestampsAreRenderedAsDorisParsesThem() {
        ByteSink s = new ByteSink(64);
        Temporal.writeTimestamp(s, -1);
        assertThat(new String(s.array(), 0, s.size(), StandardCharsets.US_ASCII)).isEqualTo("1969-12-31 23:59:59.999999");
        assertThat(Temporal.yearOf(java.time.LocalDate.of(-44, 3, 15).toEpochDay())).isEqualTo(-44);
        assertThat(Temporal.yearOf(java.time.LocalDate.of(0, 1, 1).toEpochDay())).isZero();
    }

    @Test
    void hostileColumnNamesAreBackquotedInTheColumnsHeaderAndJsonEscapedInTheBody() {
        TableSchema hostile = new TableSchema(TableId.of("public", "h"), 2, ReplicaIdentity.DEFAULT, List.of(
                new Column("select", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
                new Column("a,b", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
                new Column("x`,`__DORIS_DELETE_SIGN__", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
                new Column("q\"\\", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
                new Column("名前", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true)));
        StreamLoadEncoder e = new StreamLoadEncoder(new TableMapping(hostile, DorisTableId.of("db", "h")),
                StreamLoadSettings.from(TransportConfig.of(Map.of("fe", "h:1", "format", "json"))).encoding());
        e.upsert(ObjectRow.of(hostile, 1L, "v1", "v2", "v3", "v4"), StreamPosition.of(1, 2));
        LoadPart p = e.finish().parts().get(0);
        assertThat(p.headers()).containsEntry("columns",
                "`select`,`a,b`,`x``,``__DORIS_DELETE_SIGN__`,`q\"\\`,`名前`,__doris_cdc_version,__DORIS_DELETE_SIGN__")
                .doesNotContainKeys("jsonpaths", "hidden_columns");
        assertThat(body(p)).isEqualTo("{\"select\":1,\"a,b\":\"v1\",\"x`,`__DORIS_DELETE_SIGN__\":\"v2\",\"q\\\"\\\\\":\"v3\",\"名前\":\"v4\","
                + "\"__doris_cdc_version\":\"18446744073709551618\",\"__DORIS_DELETE_SIGN__\":0}\n");
    }
}
