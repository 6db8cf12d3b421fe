package io.doriscdc.bench.decode;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputDecoder;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.TupleData;
import io.doriscdc.pgoutput.UpdateMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast does the pgoutput decoder turn Insert/Update messages of a realistic 10-column table
 * (int8, int4, numeric, text, timestamptz, uuid, jsonb, a NULL, a large text that is an unchanged
 * TOAST value in updates, numeric) into values, in text and binary format?
 *
 * <ul>
 *   <li>{@code decodeOnly}: message structure and column offsets, no value read;</li>
 *   <li>{@code lazyAllColumns}: every column's state plus its zero-allocation accessor (primitive
 *       getters, or the verbatim UTF-8 text in the buffer) — the path an encoder that copies text
 *       bytes takes;</li>
 *   <li>{@code materializeAllColumns}: {@code getObject} of every column (BigDecimal, Instant, UUID, String...).</li>
 * </ul>
 * The {@code bytes} aux counter is input bytes per second: MB/s of input per core = bytes / 1e6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DecodeBenchmark {

    @Param({"text", "binary"})
    public String format;

    @Param({"insert", "update"})
    public String kind;

    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final Lsn lsn = Lsn.parse("16/B374D848");
    private TableSchema schema;
    private ByteBuffer message;
    private int size;

    /** Input bytes decoded, reported by JMH as a rate (bytes per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Input {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() {
        RelationCache cache = new RelationCache();
        Msg rel = new Msg().i8('R').i32(16400).str("public").str("orders").i8('d').i16(10);
        col(rel, 1, "id", 20);
        col(rel, 0, "qty", 23);
        col(rel, 0, "price", 1700);
        col(rel, 0, "name", 25);
        col(rel, 0, "created_at", 1184);
        col(rel, 0, "uid", 2950);
        col(rel, 0, "attrs", 3802);
        col(rel, 0, "note", 25);
        col(rel, 0, "body", 25);
        col(rel, 0, "amount", 1700);
        schema = cache.apply((RelationMessage) decoder.decode(ByteBuffer.wrap(rel.bytes()), lsn));

        boolean binary = format.equals("binary");
        boolean update = kind.equals("update");
        Msg m = new Msg().i8(update ? 'U' : 'I').i32(16400).i8('N').i16(10);
        String body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna.";
        String json = "{\"color\": \"red\", \"sizes\": [1, 2, 3], \"gift\": false}";
        if (binary) {
            m.bin(new Msg().i64(123_456_789L).bytes());
            m.bin(new Msg().i32(42).bytes());
            m.bin(new Msg().i16(2).i16(0).i16(0).i16(2).i16(1234).i16(5600).bytes()); // 1234.56
            m.bin("Widget deluxe".getBytes(StandardCharsets.UTF_8));
            m.bin(new Msg().i64(777_777_777_123_456L).bytes());
            m.bin(new Msg().i64(0xa0eebc999c0b4ef8L).i64(0xbb6d6bb9bd380a11L).bytes());
            m.bin(new Msg().i8(1).raw(json.getBytes(StandardCharsets.UTF_8)).bytes());
            m.i8('n');
            if (update) {
                m.i8('u');
            } else {
                m.bin(body.getBytes(StandardCharsets.UTF_8));
            }
            m.bin(new Msg().i16(3).i16(1).i16(0).i16(2).i16(12).i16(3456).i16(7800).bytes()); // 123456.78
        } else {
            m.text("123456789");
            m.text("42");
            m.text("1234.56");
            m.text("Widget deluxe");
            m.text("2024-08-23 10:22:57.123456+00");
            m.text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            m.text(json);
            m.i8('n');
            if (update) {
                m.i8('u');
            } else {
                m.text(body);
            }
            m.text("123456.78");
        }
        byte[] bytes = m.bytes();
        size = bytes.length;
        message = ByteBuffer.wrap(bytes);
    }

    private static void col(Msg rel, int flags, String name, int oid) {
        rel.i8(flags).str(name).i32(oid).i32(-1);
    }

    private TupleData tuple(PgOutputMessage m) {
        return m instanceof InsertMessage i ? i.newTuple() : ((UpdateMessage) m).newTuple();
    }

    @Benchmark
    public Object decodeOnly(Input in) {
        in.bytes += size;
        return tuple(decoder.decode(message, lsn));
    }

    @Benchmark
    public long lazyAllColumns(Input in) {
        in.bytes += size;
        Row row = tuple(decoder.decode(message, lsn)).row(schema);
        long acc = 0;
        for (int c = 0; c < row.columnCount(); c++) {
            if (row.state(c) != ValueState.PRESENT) {
                acc++;
                continue;
            }
            switch (schema.column(c).type().logical()) {
                case INT64, INT32, TIMESTAMPTZ -> acc += row.hasUtf8Text(c) ? row.textLength(c) : row.getLong(c);
                case NUMERIC -> acc += row.hasUtf8Text(c) ? row.textLength(c) : (long) row.getDouble(c);
                default -> acc += row.hasUtf8Text(c) ? row.textOffset(c) + row.textLength(c) : 1;
            }
        }
        return acc;
    }

    @Benchmark
    public void materializeAllColumns(Input in, Blackhole bh) {
        in.bytes += size;
        Row row = tuple(decoder.decode(message, lsn)).row(schema);
        for (int c = 0; c < row.columnCount(); c++) {
            if (row.state(c) == ValueState.PRESENT) {
                bh.consume(row.getObject(c));
            } else {
                bh.consume(row.state(c));
            }
        }
    }

    /** Big-endian message builder. */
    static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg i8(int v) {
            out.write(v);
            return this;
        }

        Msg i16(int v) {
            return i8(v >> 8).i8(v);
        }

        Msg i32(int v) {
            return i16(v >> 16).i16(v);
        }

        Msg i64(long v) {
            return i32((int) (v >> 32)).i32((int) v);
        }

        Msg str(String s) {
            return raw(s.getBytes(StandardCharsets.UTF_8)).i8(0);
        }

        Msg raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Msg text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return i8('t').i32(b.length).raw(b);
        }

        Msg bin(byte[] b) {
            return i8('b').i32(b.length).raw(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
