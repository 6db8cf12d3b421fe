package io.doriscdc.emulator.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks at eight bytes at a time for the bytes a JSON scan stops at (SIMD within a register): a word
 * test may report a byte that is not there only when one that is there precedes it, never miss one, so
 * a caller skips whole words that test false and looks at the bytes of the others one by one.
 * Stateless.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Swar() {
    }

    /** The eight bytes at {@code b[at]} (there must be eight). */
    static long word(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /** Whether {@code w} may hold the byte {@code c}. */
    static boolean mayHold(long w, byte c) {
        long x = w ^ (ONES * (c & 0xFF));
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /** Whether {@code w} may hold {@code "}, {@code \} or a control byte (below 0x20). */
    static boolean mayHoldQuoteBackslashOrControl(long w) {
        long q = w ^ (ONES * '"');
        long s = w ^ (ONES * '\\');
        long control = (w - ONES * 0x20) & ~w;
        return ((((q - ONES) & ~q) | ((s - ONES) & ~s) | control) & HIGHS) != 0;
    }
}
