package io.doriscdc.emulator.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The fast path of {@link JsonBodyReader}: reads a document that is an object, or with
 * {@code strip_outer_array} an array of objects, straight from the body into {@link SourceRow}s,
 * without a tree, a copy of the line, or a {@code String} per field name. It gives the rows, and the
 * values, that {@link JsonTreeRows} gives for the same document (scalars as {@code asText()}, nested
 * values as {@link JsonCanonical} text); where it cannot be sure of that (a slot set twice, whose value
 * the tree's field order decides, what {@link JsonScanner} or {@link JsonCanonical} declines, an array
 * element that is not an object) it
 * declines the whole document and leaves {@code rows} and {@code rejected} as they were, and the
 * caller reads the document through the tree.
 *
 * <p>Not thread-safe; one per load body.
 */
final class JsonFastRows {
    private static final Object DECLINE = new Object();
    private final JsonScanner sc;
    private final RowLayout layout;
    private final FieldNames names;
    private final Set<String> header;
    /** Per slot, the number of the row that last set it: a second set in one row declines. */
    private final int[] setBy;
    private final JsonCanonical nested;
    private int rowNumber;
    /** The names (memoised bytes) and codes of the last row's first fields, by position. */
    private final byte[][] lastNames = new byte[64][];
    private final int[] lastCodes = new int[64];

    JsonFastRows(byte[] body, RowLayout layout, Set<String> header) {
        this.sc = new JsonScanner(body);
        this.nested = new JsonCanonical(sc, 256);
        this.layout = layout;
        this.names = new FieldNames(layout, header);
        this.header = header;
        this.setBy = new int[layout.size()];
    }

    /**
     * Reads the document starting at {@code from} (its first non-whitespace character: {@code '{'}, or
     * {@code '['} when {@code strip}) within {@code [from, to)}; text after the document's end is
     * ignored, as Jackson's {@code readTree} ignores it. Returns false, having added nothing, to decline.
     */
    boolean read(int from, int to, boolean strip, List<SourceRow> rows, List<Rejected> rejected) {
        int rowsBefore = rows.size();
        int rejectedBefore = rejected.size();
        sc.range(from, to);
        boolean ok = sc.b[from] == '{' ? object(rows, rejected) : strip && array(rows, rejected);
        if (!ok) {
            rows.subList(rowsBefore, rows.size()).clear();
            rejected.subList(rejectedBefore, rejected.size()).clear();
        }
        return ok;
    }

    private boolean array(List<SourceRow> rows, List<Rejected> rejected) {
        sc.pos++;
        if (sc.consume(']')) {
            return true;
        }
        do {
            if (sc.skipWs() != '{' || !object(rows, rejected)) {
                return false;
            }
        } while (sc.consume(','));
        return sc.consume(']');
    }

    /** At {@code '{'}: reads one object into a row (or a rejected row when no field is a header name). */
    private boolean object(List<SourceRow> rows, List<Rejected> rejected) {
        SourceRow row = SourceRow.ofJson(layout, sc.b, sc.pos);
        sc.pos++;
        rowNumber++;
        boolean matched = false;
        int field = 0;
        if (!sc.consume('}')) {
            do {
                int code = name(field++);
                if (code == JsonScanner.FAIL - 1 || !sc.consume(':')) {
                    return false;
                }
                if (code < 0) {
                    matched |= code == FieldNames.UNUSED;
                    if (!sc.skipValue(1)) {
                        return false;
                    }
                    continue;
                }
                matched = true;
                Object v = value();
                if (v == DECLINE || setBy[code] == rowNumber) {
                    return false;
                }
                setBy[code] = rowNumber;
                row.set(code, v);
            } while (sc.consume(','));
            if (!sc.consume('}')) {
                return false;
            }
        }
        row.endsAt(sc.pos);
        if (header != null && !matched) {
            rejected.add(new Rejected(row.text(), JsonTreeRows.noMatchingColumn(header)));
        } else {
            rows.add(row);
        }
        return true;
    }

    /**
     * At a field name: its {@link FieldNames} code, or {@code FAIL - 1} to decline. Rows mostly repeat
     * the fields of the row before in the same order, so the name the last row had at {@code field} is
     * tried first: its bytes and a closing quote are that name (it holds no quote, backslash or control byte).
     */
    private int name(int field) {
        if (sc.skipWs() != '"') {
            return JsonScanner.FAIL - 1;
        }
        int start = sc.pos;
        boolean remembered = field < lastNames.length;
        if (remembered && lastNames[field] != null) {
            byte[] last = lastNames[field];
            int end = start + 1 + last.length;
            if (end < sc.limit && sc.b[end] == '"' && Arrays.equals(sc.b, start + 1, end, last, 0, last.length)) {
                sc.pos = end + 1;
                return lastCodes[field];
            }
        }
        int end = sc.scanString(JsonScanner.MAX_NAME_CHARS);
        if (end >= 0) {
            int code = names.code(sc.b, start + 1, end);
            if (remembered) {
                lastNames[field] = names.lastName();
                lastCodes[field] = code;
            }
            return code;
        }
        if (end == JsonScanner.FAIL) {
            return JsonScanner.FAIL - 1;
        }
        sc.pos = start;
        return names.resolve(sc.string(JsonScanner.MAX_NAME_CHARS));
    }

    /** The value at the cursor as {@link SourceRow} holds it, or {@link #DECLINE}. */
    private Object value() {
        int c = sc.skipWs();
        switch (c) {
            case '"' -> {
                String v = sc.string(JsonScanner.MAX_STRING_CHARS);
                return v == null ? DECLINE : v;
            }
            case '{', '[' -> {
                String v = nested.value();
                return v == null ? DECLINE : v;
            }
            case 't', 'f', 'n' -> {
                int v = sc.literal();
                if (v < -1 || !sc.endsValue()) {
                    return DECLINE;
                }
                return v == 1 ? Boolean.TRUE : v == 0 ? Boolean.FALSE : null;
            }
            default -> {
                int start = sc.pos;
                if (sc.scanNumber() == JsonScanner.FAIL || !sc.endsValue()) {
                    return DECLINE;
                }
                return JsonScanner.numberText(sc.ascii(start, sc.pos), sc.lastNumberIsFloat);
            }
        }
    }
}
