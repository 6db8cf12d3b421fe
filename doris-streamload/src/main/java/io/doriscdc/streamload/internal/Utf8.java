package io.doriscdc.streamload.internal;

/** Encodes Java strings as UTF-8 into a {@link ByteSink} without allocating. Stateless. */
public final class Utf8 {

    private Utf8() {
    }

    /** Writes {@code s} as UTF-8 (unpaired surrogates become '?', as in {@link String#getBytes}). */
    public static void write(CharSequence s, ByteSink out) {
        int n = s.length();
        out.ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                out.put((byte) ch);
            } else if (ch < 0x800) {
                out.put((byte) (0xc0 | (ch >> 6)));
                out.put((byte) (0x80 | (ch & 0x3f)));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                out.put((byte) (0xf0 | (cp >> 18)));
                out.put((byte) (0x80 | ((cp >> 12) & 0x3f)));
                out.put((byte) (0x80 | ((cp >> 6) & 0x3f)));
                out.put((byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isSurrogate(ch)) {
                out.put((byte) '?');
            } else {
                out.put((byte) (0xe0 | (ch >> 12)));
                out.put((byte) (0x80 | ((ch >> 6) & 0x3f)));
                out.put((byte) (0x80 | (ch & 0x3f)));
            }
        }
    }
}
