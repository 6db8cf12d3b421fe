package io.doriscdc.streamload.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that encoders write into and reuse across rows. {@link #detach()} hands the
 * bytes written so far to a payload, so a finished payload is never overwritten, and starts over
 * without an array: the next one is allocated at the next write, with room for a payload as large as
 * the last one (so a batch like the previous one is written without doubling, and no empty array of a
 * batch's size waits on the heap while the previous payload is being loaded). Not thread-safe: one
 * encoder owns it.
 */
public final class ByteSink extends OutputStream {

    private static final byte[] NONE = new byte[0];

    private final int initialCapacity;
    private byte[] buf;
    private int size;
    private int nextCapacity;

    public ByteSink(int initialCapacity) {
        this.initialCapacity = Math.max(64, initialCapacity);
        this.buf = new byte[this.initialCapacity];
        this.nextCapacity = this.initialCapacity;
    }

    /** Room for {@code n} more bytes. */
    public void ensure(int n) {
        if (size + n > buf.length) {
            grow(n);
        }
    }

    private void grow(int n) {
        long want = buf.length == 0 ? Math.max(nextCapacity, (long) n) : Math.max((long) buf.length * 2, (long) size + n);
        if (want > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("batch payload would pass 2 GiB; flush batches earlier (by bytes)");
        }
        buf = Arrays.copyOf(buf, (int) want);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Appends one byte; the caller has {@link #ensure(int) ensured} room. */
    public void put(byte b) {
        buf[size++] = b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Appends an ASCII string (each char below 0x80). */
    public void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** Appends the decimal digits of {@code v}, without allocating. */
    public void writeLong(long v) {
        ensure(20);
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int start = size;
        do {
            buf[size++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Appends {@code v} as exactly {@code width} digits, zero-padded ({@code v} ≥ 0). */
    public void writePadded(long v, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[size + i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size += width;
    }

    /** Takes {@code n} bytes written straight into {@link #array()} from {@link #size()} (after {@link #ensure}). */
    public void advance(int n) {
        if (n < 0 || size + n > buf.length) {
            throw new IllegalArgumentException("advance by " + n + " past the room ensured (" + (buf.length - size) + " bytes)");
        }
        size += n;
    }

    public int size() {
        return size;
    }

    /** Drops everything after {@code newSize} (used to undo a row that failed half-way). */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    /** The backing array; valid until the next write. */
    public byte[] array() {
        return buf;
    }

    /**
     * Hands over the bytes written (the array itself, no copy) and starts empty, without an array until
     * the next write, which allocates room for {@code 9/8} of the bytes handed over.
     */
    public byte[] detach() {
        byte[] out = buf;
        nextCapacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(initialCapacity, size + (long) (size >> 3)));
        buf = NONE;
        size = 0;
        return out;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
