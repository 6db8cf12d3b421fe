package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a JSON value the way Jackson prints the tree it parses it into ({@code JsonNode.toString()},
 * {@code ObjectMapper.writeValueAsString(tree)}), without building the tree: no whitespace; strings
 * escaped as Jackson's generator escapes them ({@code "} and {@code \}, control characters as
 * {@code \b \t \n \f \r} or a six-character {@code u00XX} escape in upper case, nothing else), so a
 * string without escapes is copied as its bytes; integers as written but {@code -0} as {@code 0}; other
 * numbers through {@code double} ({@code 1e2} → {@code 100.0}, a non-finite one as the string
 * {@code "Infinity"}); literals as they are.
 *
 * <p>It declines ({@code null}) where the tree would not be a straight copy, an object with a repeated
 * name (the tree keeps the first position and the last value), and where it would need more than the
 * bytes to be sure: an object name with an escape, a string that holds a lone surrogate (UTF-8 cannot
 * carry it), and whatever {@link JsonScanner} declines. The caller then asks Jackson.
 *
 * <p>Not thread-safe; reuses its buffers from value to value.
 */
final class JsonCanonical {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final JsonScanner sc;
    private byte[] out;
    private int n;
    /** The {@code [start, end)} of each name of the objects being written, the innermost object's last. */
    private int[] names = new int[16];
    private int nameCount;

    /** Writes values at the cursor of {@code sc}, into a buffer of {@code capacity} bytes to begin with. */
    JsonCanonical(JsonScanner sc, int capacity) {
        this.sc = sc;
        this.out = new byte[Math.max(16, capacity)];
    }

    /**
     * The canonical text of a JSON document whose root is an object or an array (text after the root is
     * ignored, as {@code ObjectMapper.readTree} ignores it), or null to decline (any other root too).
     */
    static String of(String text) {
        if (hasLoneSurrogate(text)) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonScanner sc = new JsonScanner(bytes);
        int c = sc.skipWs();
        return c == '{' || c == '[' ? new JsonCanonical(sc, bytes.length + 16).value() : null;
    }

    /** The canonical text of the value at the cursor (after whitespace), or null to decline. */
    String value() {
        n = 0;
        nameCount = 0;
        return write(0) ? new String(out, 0, n, StandardCharsets.UTF_8) : null;
    }

    private boolean write(int depth) {
        int c = sc.skipWs();
        switch (c) {
            case '"' -> {
                return string();
            }
            case '{' -> {
                return object(depth + 1);
            }
            case '[' -> {
                return array(depth + 1);
            }
            case 't', 'f', 'n' -> {
                int start = sc.pos;
                if (sc.literal() < -1 || !sc.endsValue()) {
                    return false;
                }
                copy(start, sc.pos);
                return true;
            }
            default -> {
                return number();
            }
        }
    }

    private boolean string() {
        int start = sc.pos;
        int end = sc.scanString(JsonScanner.MAX_STRING_CHARS);
        if (end == JsonScanner.FAIL) {
            return false;
        }
        if (end >= 0) {
            copy(start, end + 1);
            return true;
        }
        sc.pos = start;
        return escape(sc.string(JsonScanner.MAX_STRING_CHARS));
    }

    private boolean number() {
        int start = sc.pos;
        if (sc.scanNumber() == JsonScanner.FAIL || !sc.endsValue()) {
            return false;
        }
        if (!sc.lastNumberIsFloat) {
            boolean minusZero = sc.pos - start == 2 && sc.b[start] == '-' && sc.b[start + 1] == '0';
            copy(minusZero ? start + 1 : start, sc.pos);
            return true;
        }
        double d = Double.parseDouble(sc.ascii(start, sc.pos));
        // JsonWriteFeature.WRITE_NAN_AS_STRINGS: a non-finite double is written as a string
        ascii(Double.isInfinite(d) ? (d > 0 ? "\"Infinity\"" : "\"-Infinity\"") : Double.toString(d));
        return true;
    }

    private boolean object(int depth) {
        if (depth > JsonScanner.MAX_DEPTH) {
            return false;
        }
        sc.pos++;
        put('{');
        int base = nameCount;
        if (!sc.consume('}')) {
            do {
                if (sc.skipWs() != '"') {
                    return false;
                }
                int start = sc.pos + 1;
                int end = sc.scanString(JsonScanner.MAX_NAME_CHARS);
                if (end < 0 || repeated(base, start, end) || !sc.consume(':')) {
                    return false;
                }
                pushName(start, end);
                if (nameCount - base > 1) {
                    put(',');
                }
                copy(start - 1, end + 1);
                put(':');
                if (!write(depth)) {
                    return false;
                }
            } while (sc.consume(','));
            if (!sc.consume('}')) {
                return false;
            }
        }
        nameCount = base;
        put('}');
        return true;
    }

    /** Whether the name {@code b[start, end)} is one of the current object's (from {@code base}) names, as decoded text. */
    private boolean repeated(int base, int start, int end) {
        byte[] b = sc.b;
        boolean ascii = isAscii(start, end);
        for (int k = base; k < nameCount; k++) {
            int s = names[2 * k];
            int e = names[2 * k + 1];
            if (ascii ? Arrays.equals(b, s, e, b, start, end)
                    : !isAscii(s, e) && utf8(s, e).equals(utf8(start, end))) { // two malformed sequences may decode alike
                return true;
            }
        }
        return false;
    }

    private void pushName(int start, int end) {
        if (2 * nameCount + 2 > names.length) {
            names = Arrays.copyOf(names, names.length * 2);
        }
        names[2 * nameCount] = start;
        names[2 * nameCount + 1] = end;
        nameCount++;
    }

    private boolean array(int depth) {
        if (depth > JsonScanner.MAX_DEPTH) {
            return false;
        }
        sc.pos++;
        put('[');
        if (sc.consume(']')) {
            put(']');
            return true;
        }
        boolean first = true;
        do {
            if (!first) {
                put(',');
            }
            first = false;
            if (!write(depth)) {
                return false;
            }
        } while (sc.consume(','));
        if (!sc.consume(']')) {
            return false;
        }
        put(']');
        return true;
    }

    /** Appends {@code v} as Jackson's default generator writes a string, in UTF-8; false for a lone surrogate. */
    private boolean escape(String v) {
        put('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\t' -> ascii("\\t");
                case '\n' -> ascii("\\n");
                case '\f' -> ascii("\\f");
                case '\r' -> ascii("\\r");
                default -> {
                    if (c < 0x20) {
                        ascii("\\u00");
                        put(HEX[c >> 4]);
                        put(HEX[c & 0xF]);
                    } else if (c < 0x80) {
                        put((byte) c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                        utf8(Character.toCodePoint(c, v.charAt(++i)));
                    } else if (Character.isSurrogate(c)) {
                        return false;
                    } else {
                        utf8(c);
                    }
                }
            }
        }
        put('"');
        return true;
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            put((byte) (0xC0 | cp >> 6));
        } else if (cp < 0x10000) {
            put((byte) (0xE0 | cp >> 12));
            put((byte) (0x80 | (cp >> 6 & 0x3F)));
        } else {
            put((byte) (0xF0 | cp >> 18));
            put((byte) (0x80 | (cp >> 12 & 0x3F)));
            put((byte) (0x80 | (cp >> 6 & 0x3F)));
        }
        put((byte) (0x80 | (cp & 0x3F)));
    }

    private String utf8(int from, int to) {
        return new String(sc.b, from, to - from, StandardCharsets.UTF_8);
    }

    private boolean isAscii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (sc.b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLoneSurrogate(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private void copy(int from, int to) {
        ensure(to - from);
        System.arraycopy(sc.b, from, out, n, to - from);
        n += to - from;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            out[n++] = (byte) s.charAt(i);
        }
    }

    private void put(int b) {
        ensure(1);
        out[n++] = (byte) b;
    }

    private void ensure(int more) {
        if (n + more > out.length) {
            out = Arrays.copyOf(out, Math.max(n + more, 2 * out.length));
        }
    }
}
