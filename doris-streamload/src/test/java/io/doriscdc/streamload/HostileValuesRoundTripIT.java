package io.doriscdc.streamload;

import io.doriscdc.api.StreamPosition;
import static io.doriscdc.streamload.EmulatorFixture.await;
import static io.doriscdc.streamload.EmulatorFixture.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.emulator.DorisEmulator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile values go through each encoder into the emulator and read back equal to the input. */
class HostileValuesRoundTripIT {

    static final ColumnType INT8 = ColumnType.of(20, -1, LogicalType.INT64, "int8");
    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "hostile"), 2, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", INT8, true, false),
            new Column("t", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("n", INT8, false, true),
            new Column("f", ColumnType.of(701, -1, LogicalType.FLOAT64, "float8"), false, true),
            new Column("r", ColumnType.of(700, -1, LogicalType.FLOAT32, "float4"), false, true),
            new Column("d", ColumnType.of(1700, ((38 << 16) | 10) + 4, LogicalType.NUMERIC, "numeric"), false, true),
            new Column("dt", ColumnType.of(1082, -1, LogicalType.DATE, "date"), false, true),
            new Column("ts", ColumnType.of(1114, 6, LogicalType.TIMESTAMP, "timestamp"), false, true),
            new Column("tz", ColumnType.of(1184, 6, LogicalType.TIMESTAMPTZ, "timestamptz"), false, true),
            new Column("bo", ColumnType.of(16, -1, LogicalType.BOOLEAN, "bool"), false, true),
            new Column("by", ColumnType.of(17, -1, LogicalType.BYTES, "bytea"), false, true),
            new Column("arr", ColumnType.arrayOf(1009, "_text", ColumnType.of(25, -1, LogicalType.TEXT, "text")), false, true),
            new Column("js", ColumnType.of(3802, -1, LogicalType.JSONB, "jsonb"), false, true)));
    static final String DDL = "`id` BIGINT NOT NULL, `t` STRING NULL, `n` BIGINT NULL, `f` DOUBLE NULL, `r` FLOAT NULL, `d` DECIMAL(38,10) NULL, "
            + "`dt` DATE NULL, `ts` DATETIME(6) NULL, `tz` DATETIME(6) NULL, `bo` BOOLEAN NULL, `by` STRING NULL, `arr` ARRAY<STRING> NULL, `js` JSON NULL";

    static final String[] TEXTS = {"", null, "plain", "a,b;c|d", "tab\there", "line\nbreak", "crlf\r\nend", "quote\"inside", "\"",
        "back\\slash", "\\", "\\N", "N", "NULL", "sep\u0001ctl", "  spaces  ", "unicode é 中文 😀 𝄞", "\"enclosed\"", "trailing\\"};

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).user("root", "pw").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Object[] values(long id, String text) {
        return new Object[] {id, text, id % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE, id % 2 == 0 ? Double.MAX_VALUE : -4.9E-324,
            1.1f, new BigDecimal("-1234567890123456789012345678.0123456789"), id % 2 == 0 ? LocalDate.of(1, 1, 1) : LocalDate.of(9999, 12, 31),
            LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123456000), Instant.parse("2024-02-29T22:30:00.000001Z"), id % 2 == 0,
            new byte[] {0, 1, (byte) 0xff, '"', '\\', ','}, Arrays.asList("x,y", null, "q\"uote", "\\N", ""), "{\"k\": [1, \"v\\\"\", null]}"};
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void everyHostileValueReadsBackAsWritten(String format) {
        EmulatorFixture fx = new EmulatorFixture(emu);
        DorisTableId table = fx.table("hostile_" + format, DDL, "`id`");
        try (StreamLoadTransport t = fx.transport(map("format", format, "csv-separator", ","), PipelineListener.NONE)) {
            await(t.deliver(fx.batch(t, SCHEMA, table, e -> {
                for (int i = 0; i < TEXTS.length; i++) {
                    e.upsert(ObjectRow.of(SCHEMA, values(i, TEXTS[i])), StreamPosition.of(1, 1));
                }
                Object[] nulls = new Object[SCHEMA.columnCount()];
                nulls[0] = 1000L;
                e.upsert(ObjectRow.of(SCHEMA, nulls), StreamPosition.of(1, 1));
            })));
        }
        List<Map<String, Object>> rows = emu.table("it", table.table()).rows();
        assertThat(rows).hasSize(TEXTS.length + 1);
        for (int i = 0; i < TEXTS.length; i++) {
            Map<String, Object> r = rows.get(i);
            assertThat(r.get("t")).as("text %d %s", i, TEXTS[i]).isEqualTo(TEXTS[i]);
            assertThat(r.get("n")).isEqualTo(i % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
            assertThat(r.get("f")).isEqualTo(i % 2 == 0 ? Double.MAX_VALUE : -4.9E-324);
            assertThat(r.get("r")).isEqualTo((double) 1.1f);
            assertThat(r.get("d")).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
            assertThat(r.get("dt")).isEqualTo(i % 2 == 0 ? LocalDate.of(1, 1, 1) : LocalDate.of(9999, 12, 31));
            assertThat(r.get("ts")).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123456000));
            assertThat(r.get("tz")).isEqualTo(LocalDateTime.of(2024, 2, 29, 22, 30, 0, 1000));
            assertThat(r.get("bo")).isEqualTo(i % 2 == 0);
            assertThat(r.get("by")).isEqualTo("\\x0001ff225c2c");
            assertThat(r.get("arr")).isEqualTo("[\"x,y\",null,\"q\\\"uote\",\"\\\\N\",\"\"]");
            assertThat(r.get("js")).isEqualTo("{\"k\":[1,\"v\\\"\",null]}");
        }
        Map<String, Object> nulls = rows.get(TEXTS.length);
        List<Object> others = new ArrayList<>(nulls.values()).subList(1, nulls.size());
        assertThat(others).containsOnlyNulls();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void valuesDorisCannotHoldFailTheRowByDefaultNamingTheColumn(String format) {
        EmulatorFixture fx = new EmulatorFixture(emu);
        DorisTableId table = fx.table("policy_fail_" + format, DDL, "`id`");
        try (StreamLoadTransport t = fx.transport(map("format", format), PipelineListener.NONE)) {
            BatchEncoder e = t.newEncoder(new TableMapping(SCHEMA, table));
            Object[] nan = values(1, "ok");
            nan[5] = Double.NaN;
            assertThatThrownBy(() -> e.upsert(ObjectRow.of(SCHEMA, nan), StreamPosition.of(77, 1))).isInstanceOf(TransportException.class)
                    .hasMessageContaining("'d'").hasMessageContaining("stream position 0/4D#1").hasMessageContaining("nan-policy");
            Object[] bc = values(2, "ok");
            bc[6] = LocalDate.of(-44, 3, 15);
            assertThatThrownBy(() -> e.upsert(ObjectRow.of(SCHEMA, bc), StreamPosition.of(78, 1))).isInstanceOf(TransportException.class)
                    .hasMessageContaining("'dt'").hasMessageContaining("45 BC");
            Object[] inf = values(3, "ok");
            inf[7] = LocalDateTime.MAX;
            assertThatThrownBy(() -> e.upsert(ObjectRow.of(SCHEMA, inf), StreamPosition.of(79, 1))).hasMessageContaining("infinity");
            e.upsert(ObjectRow.of(SCHEMA, values(4, "fine")), StreamPosition.of(80, 1));
            assertThat(e.rowCount()).as("failed rows leave nothing behind").isEqualTo(1);
            await(t.deliver(fx.batch(t, SCHEMA, table, enc -> enc.upsert(ObjectRow.of(SCHEMA, values(4, "fine")), StreamPosition.of(80, 1)))));
        }
        assertThat(emu.table("it", table.table()).rows()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void theNullPoliciesLoadNullForValuesDorisCannotHold(String format) {
        EmulatorFixture fx = new EmulatorFixture(emu);
        DorisTableId table = fx.table("policy_null_" + format, DDL, "`id`");
        try (StreamLoadTransport t = fx.transport(map("format", format, "nan-policy", "null", "out-of-range-policy", "null"), PipelineListener.NONE)) {
            Object[] v = values(1, "x");
            v[5] = Double.POSITIVE_INFINITY;
            v[6] = LocalDate.of(-44, 3, 15);
            v[7] = LocalDateTime.MIN;
            v[8] = Instant.MAX;
            await(t.deliver(fx.batch(t, SCHEMA, table, e -> e.upsert(ObjectRow.of(SCHEMA, v), StreamPosition.of(1, 1)))));
        }
        Map<String, Object> r = emu.table("it", table.table()).rows().get(0);
        assertThat(r).containsEntry("d", null).containsEntry("dt", null).containsEntry("ts", null).containsEntry("tz", null)
                .containsEntry("t", "x");
    }
}
