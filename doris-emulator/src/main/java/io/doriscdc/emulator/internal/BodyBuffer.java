package io.doriscdc.emulator.internal;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * A load body as it arrives: one array that the chunks are copied into once, sized at first from the
 * {@code Content-Length} when there is one (up to {@link #MAX_PRESIZE}) and doubled as needed. One per
 * connection: between loads it keeps an array of up to {@link #MAX_RETAINED} bytes for the next load,
 * whose allocation (zeroing fresh pages of a large array) cost as much as parsing a tenth of it.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class BodyBuffer {
    static final int MAX_PRESIZE = 64 << 20;
    static final int MAX_RETAINED = 64 << 20;
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int length;

    /** Copies the readable bytes of {@code buf} (leaving its reader index) after those received so far. */
    void append(ByteBuf buf, long expectedTotal) {
        int n = buf.readableBytes();
        if (length + n > bytes.length) {
            grow(length + n, expectedTotal);
        }
        buf.getBytes(buf.readerIndex(), bytes, length, n);
        length += n;
    }

    private void grow(int needed, long expectedTotal) {
        long size = Math.max(needed, Math.max(2L * bytes.length, 8192));
        if (expectedTotal >= needed) {
            size = bytes.length == 0 ? Math.max(needed, Math.min(expectedTotal, MAX_PRESIZE)) : Math.min(size, expectedTotal);
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(size, Integer.MAX_VALUE - 8));
    }

    /** The array holding the body in {@code [0, length())}; owned by this buffer. */
    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Drops the body; keeps its array for the next one unless that is larger than {@link #MAX_RETAINED}. */
    void reset() {
        if (bytes.length > MAX_RETAINED) {
            bytes = EMPTY;
        }
        length = 0;
    }

    /** Drops the body and its array (the connection closed). */
    void free() {
        bytes = EMPTY;
        length = 0;
    }
}
