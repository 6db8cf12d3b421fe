package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over one pgoutput message held in a {@code byte[]}. Every read checks
 * the remaining length first and reports a shortfall as a {@link DecodeException} naming the LSN,
 * the offset within the message and the message type, so that no malformed input can surface as
 * an {@code IndexOutOfBoundsException} or make the decoder allocate from an untrusted length.
 *
 * <p>Not thread-safe: one reader per message decode. It does not copy the array.
 */
public final class MessageReader {
    private final byte[] array;
    private final int base;
    private final int end;
    private final Lsn lsn;
    private int pos;
    private int messageType = DecodeException.UNKNOWN_TYPE;

    public MessageReader(byte[] array, int offset, int length, Lsn lsn) {
        this.array = array;
        this.base = offset;
        this.pos = offset;
        this.end = offset + length;
        this.lsn = lsn == null ? Lsn.INVALID : lsn;
    }

    public byte[] array() {
        return array;
    }

    /** Index in {@link #array()} where the message starts. */
    public int base() {
        return base;
    }

    /** Absolute index of the next byte in {@link #array()}. */
    public int position() {
        return pos;
    }

    /** Offset of the next byte relative to the start of the message. */
    public int offset() {
        return pos - base;
    }

    public int remaining() {
        return end - pos;
    }

    public Lsn lsn() {
        return lsn;
    }

    public int messageType() {
        return messageType;
    }

    public void messageType(int type) {
        this.messageType = type;
    }

    private void need(int n, String what) {
        if (end - pos < n) {
            throw error(what + " needs " + n + " bytes but only " + (end - pos) + " are left");
        }
    }

    public int readByte(String what) {
        need(1, what);
        return array[pos++] & 0xff;
    }

    public int readShort(String what) {
        need(2, what);
        int v = (short) (((array[pos] & 0xff) << 8) | (array[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    public int readInt(String what) {
        need(4, what);
        int v = Bytes.getInt(array, pos);
        pos += 4;
        return v;
    }

    public long readLong(String what) {
        need(8, what);
        long v = Bytes.getLong(array, pos);
        pos += 8;
        return v;
    }

    public Lsn readLsn(String what) {
        return Lsn.of(readLong(what));
    }

    /** A NUL-terminated string in UTF-8. */
    public String readString(String what) {
        for (int i = pos; i < end; i++) {
            if (array[i] == 0) {
                String s = new String(array, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 1;
                return s;
            }
        }
        throw error(what + " has no terminating NUL byte before the end of the message");
    }

    /** Checks that {@code length} bytes are present and skips them; returns their absolute start index. */
    public int skip(int length, String what) {
        if (length < 0) {
            throw error(what + " has negative length " + length);
        }
        need(length, what);
        int start = pos;
        pos += length;
        return start;
    }

    /** A copy of the next {@code length} bytes, checked against the remaining length before allocating. */
    public byte[] readBytes(int length, String what) {
        int start = skip(length, what);
        byte[] out = new byte[length];
        System.arraycopy(array, start, out, 0, length);
        return out;
    }

    /** Fails unless the whole message was consumed. */
    public void expectEnd() {
        if (pos != end) {
            throw error((end - pos) + " unexpected trailing bytes after the message");
        }
    }

    public DecodeException error(String reason) {
        return new DecodeException(reason, lsn, pos - base, messageType);
    }

    public DecodeException errorAt(int absoluteIndex, String reason) {
        return new DecodeException(reason, lsn, absoluteIndex - base, messageType);
    }
}
