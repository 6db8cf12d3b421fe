package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses array_out text ({@code [1:2]={"a b",NULL}}, nested braces, quoting and backslash escapes)
 * into nested lists of element objects. Stateless and thread-safe.
 */
public final class TextArrays {
    private TextArrays() {
    }

    public static List<Object> parse(ColumnType type, byte[] a, int off, int len) {
        String s = Utf8.string(a, off, len);
        ColumnType element = type.element() != null ? type.element() : ColumnType.of(0, -1, LogicalType.OTHER, "unknown");
        char delim = BinaryArrays.delimiter(element);
        int[] p = {0};
        if (s.startsWith("[")) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new BadValue("invalid array text: dimension decoration without '='");
            }
            p[0] = eq + 1;
        }
        if (p[0] >= s.length() || s.charAt(p[0]) != '{') {
            throw new BadValue("invalid array text: expected '{'");
        }
        List<Object> out = level(s, p, element, delim, 0);
        if (p[0] != s.length()) {
            throw new BadValue("invalid array text: trailing characters after the closing '}'");
        }
        return out;
    }

    private static List<Object> level(String s, int[] p, ColumnType element, char delim, int depth) {
        if (depth > BinaryArrays.MAXDIM) {
            throw new BadValue("invalid array text: more than " + BinaryArrays.MAXDIM + " dimensions");
        }
        p[0]++; // '{'
        List<Object> list = new ArrayList<>();
        if (p[0] < s.length() && s.charAt(p[0]) == '}') {
            p[0]++;
            return Collections.emptyList();
        }
        while (true) {
            if (p[0] >= s.length()) {
                throw new BadValue("invalid array text: unterminated '{'");
            }
            char c = s.charAt(p[0]);
            if (c == '{') {
                list.add(level(s, p, element, delim, depth + 1));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                p[0]++;
                while (true) {
                    if (p[0] >= s.length()) {
                        throw new BadValue("invalid array text: unterminated quoted element");
                    }
                    char q = s.charAt(p[0]++);
                    if (q == '"') {
                        break;
                    }
                    if (q == '\\') {
                        if (p[0] >= s.length()) {
                            throw new BadValue("invalid array text: dangling backslash");
                        }
                        q = s.charAt(p[0]++);
                    }
                    sb.append(q);
                }
                list.add(element(sb.toString(), element));
            } else {
                StringBuilder sb = new StringBuilder();
                boolean escaped = false;
                while (p[0] < s.length() && s.charAt(p[0]) != delim && s.charAt(p[0]) != '}') {
                    char q = s.charAt(p[0]++);
                    if (q == '\\' && p[0] < s.length()) {
                        q = s.charAt(p[0]++);
                        escaped = true;
                    }
                    sb.append(q);
                }
                String v = sb.toString().strip();
                list.add(!escaped && v.equalsIgnoreCase("NULL") ? null : element(v, element));
            }
            if (p[0] >= s.length()) {
                throw new BadValue("invalid array text: unterminated '{'");
            }
            char sep = s.charAt(p[0]++);
            if (sep == '}') {
                return Collections.unmodifiableList(list);
            }
            if (sep != delim) {
                throw new BadValue("invalid array text: unexpected '" + sep + "'");
            }
        }
    }

    private static Object element(String text, ColumnType element) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return Values.object(element, b, 0, b.length, false);
    }
}
