package io.doriscdc.pgoutput.internal;

import java.nio.charset.StandardCharsets;

/** UTF-8 helpers. Stateless and thread-safe. */
public final class Utf8 {
    private Utf8() {
    }

    public static String string(byte[] a, int off, int len) {
        return new String(a, off, len, StandardCharsets.UTF_8);
    }

    /** At most 40 bytes of a value, for error messages. */
    static String preview(byte[] a, int off, int len) {
        return len <= 40 ? string(a, off, len) : string(a, off, 40) + "...";
    }
}
