package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.CdcException;
import java.util.Arrays;

/**
 * Reads PostgreSQL's binary COPY format chunk by chunk (chunks may split the header, a tuple, a
 * field length or a value anywhere) and hands each tuple on as a pgoutput Insert message, so that
 * the pgoutput decoder reads its values: COPY's binary field format is exactly the type's send
 * format, which pgoutput calls 'b'. Columns listed as text were selected with {@code ::text} and
 * become 't' values.
 *
 * <p>Each byte of a tuple is copied once, from the chunk straight into the message under
 * construction (a buffer reused for every tuple); nothing of a chunk is kept after {@link #feed}
 * returns. The message passed to the sink is valid only during the call.
 *
 * <p>Not thread-safe: one reader per COPY.
 */
final class BinaryCopyReader {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Signature, flags field, header extension length. */
    private static final int FIXED_HEADER = SIGNATURE.length + 8;
    /** 'I', relation OID, 'N', column count. */
    private static final int MESSAGE_HEAD = 8;
    private static final int LARGE_MESSAGE = 8 << 20;

    /** Receives one synthesized Insert message per tuple, in {@code message[0, length)}, valid during the call only. */
    interface TupleSink {
        void tuple(byte[] message, int length);
    }

    private enum State { HEADER, HEADER_EXTENSION, FIELD_COUNT, FIELD_LENGTH, FIELD_VALUE, ENDED }

    private final int relationId;
    private final boolean[] textColumns;
    private final TupleSink sink;
    private final String source;

    private State state = State.HEADER;
    private final byte[] header = new byte[FIXED_HEADER];
    private int headerFilled;
    private long extensionLeft;
    /** A 2- or 4-byte big-endian integer being assembled across chunks. */
    private int intValue;
    private int intBytes;
    private int field;
    private int valueLeft;
    private byte[] message = new byte[1024];
    private int length;
    private long tuples;

    /**
     * @param source what is being copied (table and range), for error messages
     */
    BinaryCopyReader(int relationId, boolean[] textColumns, TupleSink sink, String source) {
        this.relationId = relationId;
        this.textColumns = textColumns;
        this.sink = sink;
        this.source = source;
    }

    long tuples() {
        return tuples;
    }

    /** True once the COPY trailer was read. */
    boolean ended() {
        return state == State.ENDED;
    }

    /** Feeds the next chunk of COPY output. */
    void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Feeds {@code chunk[offset, offset + count)}. */
    void feed(byte[] chunk, int offset, int count) {
        int p = offset;
        int end = offset + count;
        while (p < end) {
            switch (state) {
                case HEADER -> p = header(chunk, p, end);
                case HEADER_EXTENSION -> {
                    int skip = (int) Math.min(extensionLeft, end - p);
                    p += skip;
                    extensionLeft -= skip;
                    if (extensionLeft == 0) {
                        state = State.FIELD_COUNT;
                    }
                }
                case FIELD_COUNT -> {
                    if (intBytes == 0 && end - p >= 2) {
                        intValue = (short) (((chunk[p] & 0xff) << 8) | (chunk[p + 1] & 0xff));
                        p += 2;
                    } else {
                        p = assemble(chunk, p, end, 2);
                        if (intBytes < 2) {
                            break;
                        }
                        intValue = (short) intValue;
                    }
                    intBytes = 0;
                    startTuple(intValue);
                }
                case FIELD_LENGTH -> {
                    if (intBytes == 0 && end - p >= 4) {
                        intValue = readInt(chunk, p);
                        p += 4;
                    } else {
                        p = assemble(chunk, p, end, 4);
                        if (intBytes < 4) {
                            break;
                        }
                    }
                    intBytes = 0;
                    startField(intValue);
                }
                case FIELD_VALUE -> {
                    int n = Math.min(valueLeft, end - p);
                    System.arraycopy(chunk, p, message, length, n);
                    length += n;
                    p += n;
                    valueLeft -= n;
                    if (valueLeft == 0) {
                        endField();
                    }
                }
                case ENDED -> throw new CdcException("binary COPY of " + source + " has " + (end - p)
                        + " bytes after its end marker; the COPY output is corrupt, copy the range again");
            }
        }
    }

    private int header(byte[] chunk, int p, int end) {
        int n = Math.min(FIXED_HEADER - headerFilled, end - p);
        System.arraycopy(chunk, p, header, headerFilled, n);
        headerFilled += n;
        p += n;
        if (headerFilled == FIXED_HEADER) {
            for (int i = 0; i < SIGNATURE.length; i++) {
                if (header[i] != SIGNATURE[i]) {
                    throw new CdcException("COPY output of " + source + " does not start with the binary COPY signature; "
                            + "the server did not answer COPY ... (FORMAT binary)");
                }
            }
            extensionLeft = readInt(header, SIGNATURE.length + 4) & 0xffffffffL;
            state = extensionLeft == 0 ? State.FIELD_COUNT : State.HEADER_EXTENSION;
        }
        return p;
    }

    /** Adds bytes to the big-endian integer being assembled, up to {@code size} bytes; returns the new position. */
    private int assemble(byte[] chunk, int p, int end, int size) {
        if (intBytes == 0) {
            intValue = 0;
        }
        while (intBytes < size && p < end) {
            intValue = (intValue << 8) | (chunk[p++] & 0xff);
            intBytes++;
        }
        return p;
    }

    private void startTuple(int fields) {
        if (fields == -1) {
            state = State.ENDED;
            return;
        }
        if (fields != textColumns.length) {
            throw new CdcException("binary COPY of " + source + " has a tuple of " + fields + " fields where " + textColumns.length
                    + " columns were selected; the COPY output is corrupt, copy the range again");
        }
        message[0] = 'I';
        writeInt(message, 1, relationId);
        message[5] = 'N';
        message[6] = (byte) (fields >> 8);
        message[7] = (byte) fields;
        length = MESSAGE_HEAD;
        field = 0;
        state = State.FIELD_LENGTH;
        if (fields == 0) {
            endTuple();
        }
    }

    private void startField(int len) {
        if (len == -1) {
            ensure(1);
            message[length++] = 'n';
            endField();
            return;
        }
        if (len < 0) {
            throw new CdcException("binary COPY of " + source + " has field " + field + " of length " + len
                    + "; the COPY output is corrupt, copy the range again");
        }
        ensure(5 + len);
        message[length] = textColumns[field] ? (byte) 't' : (byte) 'b';
        writeInt(message, length + 1, len);
        length += 5;
        valueLeft = len;
        if (len == 0) {
            endField();
        } else {
            state = State.FIELD_VALUE;
        }
    }

    private void endField() {
        if (++field == textColumns.length) {
            endTuple();
        } else {
            state = State.FIELD_LENGTH;
        }
    }

    private void endTuple() {
        tuples++;
        state = State.FIELD_COUNT;
        sink.tuple(message, length);
        if (message.length > LARGE_MESSAGE) {
            message = new byte[1024]; // one huge row does not keep its buffer for the rest of the copy
        }
    }

    private void ensure(int more) {
        if (length + more > message.length) {
            long want = Math.max((long) message.length * 2, (long) length + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new CdcException("a tuple of " + source + " is larger than 2 GiB");
            }
            message = Arrays.copyOf(message, (int) want);
        }
    }

    private static void writeInt(byte[] d, int p, int v) {
        d[p] = (byte) (v >>> 24);
        d[p + 1] = (byte) (v >>> 16);
        d[p + 2] = (byte) (v >>> 8);
        d[p + 3] = (byte) v;
    }

    private static int readInt(byte[] d, int p) {
        return ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }
}
