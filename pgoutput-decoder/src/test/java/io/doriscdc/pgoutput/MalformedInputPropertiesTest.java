package io.doriscdc.pgoutput;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.pgoutput.golden.GoldenSet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random, truncated and bit-flipped messages (starting from real golden messages) only ever give a
 * valid message or a {@link DecodeException} — also when every Row getter is then called. Wrong
 * getters may throw {@link IllegalStateException} and numeric NaN in getBigDecimal
 * {@link ArithmeticException}, as the Row contract says; nothing else may escape.
 */
class MalformedInputPropertiesTest {
    private static final List<byte[]> GOLDEN = new ArrayList<>();
    private static final RelationCache CACHE = new RelationCache();

    static {
        GoldenSet set = GoldenSet.load(17);
        PgOutputSession session = new PgOutputSession();
        List<GoldenSet.Captured> all = new ArrayList<>(set.binary());
        all.addAll(set.text());
        for (GoldenSet.Captured c : all) {
            boolean block = session.inStreamBlock();
            PgOutputMessage m = session.next(ByteBuffer.wrap(c.data()), Lsn.INVALID);
            if (m instanceof RelationMessage r) {
                CACHE.apply(r);
            } else if (m instanceof TypeMessage t) {
                CACHE.apply(t);
            }
            // keep the non-streamed tuple messages and a sample of the rest
            if (!block && (m instanceof InsertMessage || m instanceof UpdateMessage || m instanceof DeleteMessage)
                    || GOLDEN.size() % 7 == 0) {
                GOLDEN.add(c.data());
            }
        }
    }

    @Provide
    Arbitrary<byte[]> goldenMessages() {
        return Arbitraries.of(GOLDEN);
    }

    @Property(tries = 4000)
    void bitFlippedMessagesDecodeOrFailCleanly(@ForAll("goldenMessages") byte[] original, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] m = original.clone();
        int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = r.nextInt(m.length);
            m[at] ^= (byte) (1 << r.nextInt(8));
        }
        exercise(m, r.nextBoolean());
    }

    @Property(tries = 3000)
    void truncatedMessagesDecodeOrFailCleanly(@ForAll("goldenMessages") byte[] original, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] m = java.util.Arrays.copyOf(original, r.nextInt(original.length + 1));
        exercise(m, false);
    }

    @Property(tries = 3000)
    void overwrittenLengthsAndCountsDecodeOrFailCleanly(@ForAll("goldenMessages") byte[] original, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] m = original.clone();
        int at = r.nextInt(Math.max(1, m.length - 4));
        int v = switch (r.nextInt(4)) {
            case 0 -> -1;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> r.nextInt(1 << 16);
            default -> r.nextInt();
        };
        for (int i = 0; i < 4 && at + i < m.length; i++) {
            m[at + i] = (byte) (v >> (24 - 8 * i));
        }
        exercise(m, false);
    }

    @Property(tries = 3000)
    void randomBytesDecodeOrFailCleanly(@ForAll byte[] random, @ForAll boolean inStream) {
        exercise(random, inStream);
    }

    private static void exercise(byte[] bytes, boolean inStream) {
        PgOutputMessage m;
        try {
            m = new PgOutputDecoder().decode(ByteBuffer.wrap(bytes), Lsn.of(42), inStream);
        } catch (DecodeException expected) {
            return;
        }
        if (m instanceof InsertMessage i) {
            readEverything(i.relationId(), i.newTuple());
        } else if (m instanceof UpdateMessage u) {
            readEverything(u.relationId(), u.newTuple());
            readEverything(u.relationId(), u.oldTuple());
        } else if (m instanceof DeleteMessage d) {
            readEverything(d.relationId(), d.oldTuple());
        }
    }

    private static void readEverything(int relationId, TupleData tuple) {
        TableSchema schema = CACHE.find(relationId);
        if (tuple == null || schema == null) {
            return;
        }
        Row row;
        try {
            row = tuple.row(schema);
        } catch (DecodeException columnCountMismatch) {
            return;
        }
        row.toString();
        for (int c = 0; c < row.columnCount(); c++) {
            row.state(c);
            row.hasUtf8Text(c);
            int col = c;
            List<Runnable> getters = List.of(() -> row.getBoolean(col), () -> row.getLong(col), () -> row.getDouble(col),
                    () -> row.getBigDecimal(col), () -> row.getBytes(col), () -> row.getString(col), () -> row.getObject(col),
                    () -> row.textOffset(col), () -> row.textLength(col));
            for (Runnable g : getters) {
                try {
                    g.run();
                } catch (DecodeException | IllegalStateException | ArithmeticException allowed) {
                    // the Row contract's documented failures
                }
            }
        }
    }
}
