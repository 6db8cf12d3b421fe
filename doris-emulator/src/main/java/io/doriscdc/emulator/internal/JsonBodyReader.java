package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a JSON body as Doris does (§1.2 JSON headers): with {@code read_json_by_line} each line is a
 * document, an object (or, with {@code strip_outer_array}, an array of objects); otherwise the whole
 * body is one object or, with {@code strip_outer_array}, an array of objects. Unparseable input becomes
 * rejected rows. With a {@code columns} header a field belongs to a column only when its (unescaped) name
 * equals the header's name byte for byte: the BE looks fields up in a hash map of the file slots' names
 * ({@code NewJsonReader::_column_index}, {@code _slot_desc_index}), which are the header's names as written
 * ({@code NereidsLoadScanProvider}: {@code realColName = columnName}); other fields are ignored.
 *
 * <p>The body is UTF-8 (malformed bytes read as U+FFFD). Each document goes through {@link JsonFastRows},
 * straight from the bytes, and, when that declines it, through Jackson's tree ({@link JsonTreeRows}) over
 * the document's decoded text, which defines the result: the fast path only ever gives what the tree
 * gives. Lines are cut at the delimiter's bytes when it is ASCII (no UTF-8 character holds an ASCII byte);
 * any other delimiter is looked for in the decoded text. Stateless.
 */
final class JsonBodyReader {
    private JsonBodyReader() {
    }

    /** Called after each document, once {@code rows} holds its rows for good. */
    interface DocumentEnd {
        void rowsRead() throws LoadException;
    }

    /** Reads {@code body[0, length)}, calling {@code documentEnd} after each document. */
    static void read(byte[] body, int length, LoadOptions o, RowLayout layout, List<SourceRow> rows, List<Rejected> rejected,
                     DocumentEnd documentEnd) throws LoadException {
        Set<String> header = o.columns() == null ? null : new LinkedHashSet<>(o.columns());
        JsonFastRows fast = new JsonFastRows(body, layout, header);
        boolean strip = o.stripOuterArray();
        if (!o.readJsonByLine()) {
            int first = firstNonSpace(body, 0, length);
            if (first >= 0 && !(startsFastDocument(body, first, strip) && fast.read(first, length, strip, rows, rejected))) {
                String text = new String(body, 0, length, StandardCharsets.UTF_8);
                if (!text.isBlank()) {
                    JsonTreeRows.readBody(text, strip, header, layout, rows, rejected);
                }
            }
            documentEnd.rowsRead();
            return;
        }
        byte[] delimiter = asciiBytes(o.lineDelimiter());
        if (delimiter == null) {
            // a delimiter of other characters (or none: String.split on an empty pattern makes every character a line)
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split(Pattern.quote(o.lineDelimiter()))) {
                if (!line.isBlank()) {
                    JsonTreeRows.readDocument(line, strip, header, layout, rows, rejected);
                    documentEnd.rowsRead();
                }
            }
            return;
        }
        int from = 0;
        while (true) {
            int at = indexOf(body, from, length, delimiter);
            int to = at < 0 ? length : at;
            int first = firstNonSpace(body, from, to);
            if (first >= 0 && !(startsFastDocument(body, first, strip) && fast.read(first, to, strip, rows, rejected))) {
                String line = new String(body, from, to - from, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    JsonTreeRows.readDocument(line, strip, header, layout, rows, rejected);
                }
            }
            if (!rows.isEmpty()) {
                documentEnd.rowsRead();
            }
            if (at < 0) {
                return;
            }
            from = at + delimiter.length;
        }
    }

    private static boolean startsFastDocument(byte[] body, int first, boolean strip) {
        return body[first] == '{' || (body[first] == '[' && strip);
    }

    /** The index of the first byte in {@code [from, to)} that is not JSON whitespace, or -1. */
    private static int firstNonSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
        }
        return -1;
    }

    /** The bytes of a non-empty ASCII delimiter, or null. */
    private static byte[] asciiBytes(String delimiter) {
        for (int i = 0; i < delimiter.length(); i++) {
            if (delimiter.charAt(i) >= 0x80) {
                return null;
            }
        }
        return delimiter.isEmpty() ? null : delimiter.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first index of {@code d} in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to, byte[] d) {
        byte first = d[0];
        int last = to - d.length;
        int i = from;
        while (i <= last) {
            if (i + 8 <= to && !Swar.mayHold(Swar.word(b, i), first)) {
                i += 8;
                continue;
            }
            if (b[i] == first && (d.length == 1 || Arrays.equals(b, i + 1, i + d.length, d, 1, d.length))) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
