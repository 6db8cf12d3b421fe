package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a JSON value the way Jackson prints the tree it parses it into ({@code JsonNode.toString()},
 * {@code ObjectMapper.writeValueAsString(tree)}), without building the tree: no whitespace; strings
 * escaped as Jackson's generator escapes them ({@code "} and {@code \}, control characters as
 * {@code \b \t \n \f \r} or a six-character {@code u00XX} escape in upper case, nothing else); integers as written but
 * {@code -0} as {@code 0}; other numbers through {@code double} ({@code 1e2} → {@code 100.0}, a
 * non-finite one as the string {@code "Infinity"}); literals as they are. It declines ({@code false},
 * {@code null}) where the tree would not be a straight copy, an object with a repeated name (the tree
 * keeps the first position and the last value), and wherever {@link JsonScanner} declines; the caller
 * then asks Jackson.
 *
 * <p>Stateless; the scanner carries the position.
 */
final class JsonCanonical {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonCanonical() {
    }

    /**
     * The canonical text of a JSON document whose root is an object or an array (text after the root is
     * ignored, as {@code ObjectMapper.readTree} ignores it), or null to decline (any other root too).
     */
    static String of(String text) {
        if (hasLoneSurrogate(text)) {
            return null; // UTF-8 cannot carry it to the scanner
        }
        JsonScanner sc = new JsonScanner(text.getBytes(StandardCharsets.UTF_8));
        int c = sc.skipWs();
        if (c != '{' && c != '[') {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        return write(sc, out, 0) ? out.toString() : null;
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

    /** Appends the value at the cursor (after whitespace) to {@code out}; false to decline. */
    static boolean write(JsonScanner sc, StringBuilder out, int depth) {
        int c = sc.skipWs();
        switch (c) {
            case '"' -> {
                String v = sc.string(JsonScanner.MAX_STRING_CHARS);
                if (v == null) {
                    return false;
                }
                escape(v, out);
                return true;
            }
            case '{' -> {
                return object(sc, out, depth + 1);
            }
            case '[' -> {
                return array(sc, out, depth + 1);
            }
            case 't', 'f', 'n' -> {
                int v = sc.literal();
                if (v < -1 || !sc.endsValue()) {
                    return false;
                }
                out.append(v == 1 ? "true" : v == 0 ? "false" : "null");
                return true;
            }
            default -> {
                return number(sc, out);
            }
        }
    }

    private static boolean number(JsonScanner sc, StringBuilder out) {
        int start = sc.pos;
        if (sc.scanNumber() == JsonScanner.FAIL || !sc.endsValue()) {
            return false;
        }
        String token = sc.ascii(start, sc.pos);
        if (!sc.lastNumberIsFloat) {
            out.append(token.equals("-0") ? "0" : token);
            return true;
        }
        double d = Double.parseDouble(token);
        if (Double.isInfinite(d)) {
            out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\""); // JsonWriteFeature.WRITE_NAN_AS_STRINGS
        } else {
            out.append(Double.toString(d));
        }
        return true;
    }

    private static boolean object(JsonScanner sc, StringBuilder out, int depth) {
        if (depth > JsonScanner.MAX_DEPTH) {
            return false;
        }
        sc.pos++;
        out.append('{');
        if (sc.consume('}')) {
            out.append('}');
            return true;
        }
        List<String> names = new ArrayList<>(4);
        Set<String> many = null;
        do {
            if (sc.skipWs() != '"') {
                return false;
            }
            String name = sc.string(JsonScanner.MAX_NAME_CHARS);
            if (name == null || !sc.consume(':')) {
                return false;
            }
            if (many == null && names.size() == 8) {
                many = new HashSet<>(names);
            }
            if (many != null ? !many.add(name) : names.contains(name)) {
                return false;
            }
            names.add(name);
            if (names.size() > 1) {
                out.append(',');
            }
            escape(name, out);
            out.append(':');
            if (!write(sc, out, depth)) {
                return false;
            }
        } while (sc.consume(','));
        if (!sc.consume('}')) {
            return false;
        }
        out.append('}');
        return true;
    }

    private static boolean array(JsonScanner sc, StringBuilder out, int depth) {
        if (depth > JsonScanner.MAX_DEPTH) {
            return false;
        }
        sc.pos++;
        out.append('[');
        if (sc.consume(']')) {
            out.append(']');
            return true;
        }
        boolean first = true;
        do {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (!write(sc, out, depth)) {
                return false;
            }
        } while (sc.consume(','));
        if (!sc.consume(']')) {
            return false;
        }
        out.append(']');
        return true;
    }

    /** Appends {@code v} as a JSON string, escaped as Jackson's default generator escapes it. */
    static void escape(String v, StringBuilder out) {
        out.append('"');
        int n = v.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(v, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(v, run, n).append('"');
    }
}
