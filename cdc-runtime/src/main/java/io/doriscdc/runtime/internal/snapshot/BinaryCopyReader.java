package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.CdcException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reads PostgreSQL's binary COPY format chunk by chunk (chunks may split tuples anywhere) and hands
 * each tuple on as a pgoutput Insert message, so that the pgoutput decoder reads its values: COPY's
 * binary field format is exactly the type's send format, which pgoutput calls 'b'. Columns listed
 * as text were selected with {@code ::text} and become 't' values. Not thread-safe.
 */
final class BinaryCopyReader {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** Receives one synthesized Insert message per tuple. */
    interface TupleSink {
        void tuple(byte[] insertMessage, int length);
    }

    private final int relationId;
    private final boolean[] textColumns;
    private final TupleSink sink;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private boolean headerRead;
    private boolean ended;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream(256);
    private long tuples;

    BinaryCopyReader(int relationId, boolean[] textColumns, TupleSink sink) {
        this.relationId = relationId;
        this.textColumns = textColumns;
        this.sink = sink;
    }

    long tuples() {
        return tuples;
    }

    boolean ended() {
        return ended;
    }

    /** Feeds the next chunk of COPY output. */
    void feed(byte[] chunk) {
        byte[] data;
        int length;
        if (pendingLength == 0) {
            data = chunk;
            length = chunk.length;
        } else {
            data = Arrays.copyOf(pending, pendingLength + chunk.length);
            System.arraycopy(chunk, 0, data, pendingLength, chunk.length);
            length = data.length;
        }
        int pos = 0;
        if (!headerRead) {
            if (length < SIGNATURE.length + 8) {
                keep(data, 0, length);
                return;
            }
            for (int i = 0; i < SIGNATURE.length; i++) {
                if (data[i] != SIGNATURE[i]) {
                    throw new CdcException("COPY output does not start with the binary COPY signature");
                }
            }
            int extension = readInt(data, SIGNATURE.length + 4);
            if (length < SIGNATURE.length + 8 + extension) {
                keep(data, 0, length);
                return;
            }
            pos = SIGNATURE.length + 8 + extension;
            headerRead = true;
        }
        while (pos < length && !ended) {
            int consumed = tuple(data, pos, length);
            if (consumed < 0) {
                break;
            }
            pos += consumed;
        }
        keep(data, pos, length - pos);
    }

    private void keep(byte[] data, int from, int len) {
        if (len == 0) {
            pendingLength = 0;
            return;
        }
        if (pending.length < len) {
            pending = new byte[Math.max(len, pending.length * 2)];
        }
        System.arraycopy(data, from, pending, 0, len);
        pendingLength = len;
    }

    /** Reads one tuple at {@code pos}; returns the bytes consumed, or -1 when the tuple is not complete yet. */
    private int tuple(byte[] d, int pos, int limit) {
        if (limit - pos < 2) {
            return -1;
        }
        short fields = (short) (((d[pos] & 0xff) << 8) | (d[pos + 1] & 0xff));
        if (fields == -1) {
            ended = true;
            return 2;
        }
        if (fields != textColumns.length) {
            throw new CdcException("COPY tuple has " + fields + " fields, expected " + textColumns.length);
        }
        int p = pos + 2;
        for (int i = 0; i < fields; i++) {
            if (limit - p < 4) {
                return -1;
            }
            int len = readInt(d, p);
            p += 4;
            if (len > 0) {
                if (limit - p < len) {
                    return -1;
                }
                p += len;
            }
        }
        // complete: write it as 'I' relid 'N' ncols {kind [len bytes]}
        message.reset();
        message.write('I');
        writeInt(relationId);
        message.write('N');
        message.write((fields >> 8) & 0xff);
        message.write(fields & 0xff);
        p = pos + 2;
        for (int i = 0; i < fields; i++) {
            int len = readInt(d, p);
            p += 4;
            if (len < 0) {
                message.write('n');
            } else {
                message.write(textColumns[i] ? 't' : 'b');
                writeInt(len);
                message.write(d, p, len);
                p += len;
            }
        }
        tuples++;
        sink.tuple(message.toByteArray(), message.size());
        return p - pos;
    }

    private void writeInt(int v) {
        message.write((v >>> 24) & 0xff);
        message.write((v >>> 16) & 0xff);
        message.write((v >>> 8) & 0xff);
        message.write(v & 0xff);
    }

    private static int readInt(byte[] d, int p) {
        return ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }
}
