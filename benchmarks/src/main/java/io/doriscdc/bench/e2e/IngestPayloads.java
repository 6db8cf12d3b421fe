package io.doriscdc.bench.e2e;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.EncodedBatch;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.transport.Transports;
import io.doriscdc.api.value.ObjectRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The harness's load bodies, encoded once by the {@code streamload} transport's own encoder (JSON lines,
 * the columns header, the {@code __doris_cdc_version} sequence field, the delete sign): the 10-column
 * table of the end-to-end harnesses ({@code bigint} key, {@code int}, {@code numeric(12,2)}, two texts,
 * {@code timestamptz}, {@code uuid}, {@code jsonb}, {@code boolean}, an always-NULL text) with rows like
 * theirs. Each payload covers its own keys; every tenth row is a delete. Stateless.
 */
final class IngestPayloads {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "bench_items"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("qty", ColumnType.of(23, -1, LogicalType.INT32, "int4"), false, false),
            new Column("price", ColumnType.of(1700, ((12 << 16) | 2) + 4, LogicalType.NUMERIC, "numeric"), false, true),
            new Column("name", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("note", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("created", ColumnType.of(1184, 6, LogicalType.TIMESTAMPTZ, "timestamptz"), false, true),
            new Column("ref", ColumnType.of(2950, -1, LogicalType.UUID, "uuid"), false, true),
            new Column("attrs", ColumnType.of(3802, -1, LogicalType.JSONB, "jsonb"), false, true),
            new Column("active", ColumnType.of(16, -1, LogicalType.BOOLEAN, "bool"), false, true),
            new Column("extra", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true)));

    private static final String[] CITIES = {"Zürich", "Lyon", "Kraków", "São Paulo", "Osaka", "Cork", "Oslo", "Québec"};

    private IngestPayloads() {
    }

    /** {@code count} payloads of {@code rows} rows each, for {@code target}; versions rise across them. */
    static List<EncodedBatch> encode(DorisTableId target, int count, int rows) {
        List<EncodedBatch> out = new ArrayList<>();
        // the encoder only needs a well-formed address; nothing is sent through this transport
        try (Transport t = Transports.load("streamload").create(TransportConfig.of(Map.of("fe", "127.0.0.1:9", "format", "json")),
                PipelineListener.NONE)) {
            BatchEncoder e = t.newEncoder(new TableMapping(SCHEMA, target));
            long version = 0;
            for (int p = 0; p < count; p++) {
                for (int i = 0; i < rows; i++) {
                    long id = (long) p * rows + i + 1;
                    StreamPosition v = StreamPosition.of(0x1_0000_0000L + p, ++version);
                    if (i % 10 == 9) {
                        e.delete(row(id), v);
                    } else {
                        e.upsert(row(id), v);
                    }
                }
                out.add(e.finish());
            }
        }
        return out;
    }

    /** A row like the end-to-end harnesses' {@code ROW} for key {@code g}. */
    static ObjectRow row(long g) {
        String md5 = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putLong(g * 0x9E3779B97F4A7C15L).putLong(~g).array());
        return ObjectRow.of(SCHEMA, g, (int) (g % 1000), BigDecimal.valueOf(g % 100000, 2), "item " + g + " " + CITIES[(int) (g % CITIES.length)],
                "note \"" + md5 + "\" ok", Instant.parse("2026-01-01T00:00:00Z").plusMillis(g * 1500), UUID.nameUUIDFromBytes(md5.getBytes()),
                "{\"k\": " + g % 7 + ", \"tags\": [\"a\", " + g % 5 + "]}", g % 2 == 0, null);
    }
}
