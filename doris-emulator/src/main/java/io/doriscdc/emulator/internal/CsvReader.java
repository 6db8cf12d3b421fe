package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CSV body into rows and fields with Doris's rules: {@code line_delimiter} and
 * {@code column_separator} may be multi-character; inside an {@code enclose}d field separators
 * and delimiters are data and {@code escape} makes the next character literal; an unenclosed
 * {@code \N} is NULL (returned as {@code null}). Stateless.
 */
final class CsvReader {
    private CsvReader() {
    }

    record Line(String text, List<String> fields) {
    }

    static List<Line> read(String body, String separator, String delimiter, Character enclose, Character escape) {
        List<Line> out = new ArrayList<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            int lineStart = i;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean enclosed = false;
            boolean inEnclose = false;
            boolean lineDone = false;
            while (i < n && !lineDone) {
                char c = body.charAt(i);
                if (inEnclose) {
                    if (escape != null && c == escape && i + 1 < n) {
                        field.append(body.charAt(i + 1));
                        i += 2;
                    } else if (c == enclose) {
                        inEnclose = false;
                        i++;
                    } else {
                        field.append(c);
                        i++;
                    }
                } else if (enclose != null && c == enclose && field.length() == 0 && !enclosed) {
                    inEnclose = true;
                    enclosed = true;
                    i++;
                } else if (body.startsWith(delimiter, i)) {
                    lineDone = true;
                    i += delimiter.length();
                } else if (body.startsWith(separator, i)) {
                    fields.add(value(field, enclosed));
                    field.setLength(0);
                    enclosed = false;
                    i += separator.length();
                } else {
                    field.append(c);
                    i++;
                }
            }
            fields.add(value(field, enclosed));
            int end = lineDone ? i - delimiter.length() : i;
            String text = body.substring(lineStart, end);
            if (!(text.isEmpty() && fields.size() == 1)) {
                out.add(new Line(text, fields));
            }
        }
        return out;
    }

    private static String value(StringBuilder field, boolean enclosed) {
        String v = field.toString();
        return !enclosed && v.equals("\\N") ? null : v;
    }
}
