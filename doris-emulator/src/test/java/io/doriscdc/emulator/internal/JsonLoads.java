package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Test fixture: a table whose columns the JSON readers fill, load options, and the two readings of a
 * body to compare: {@link JsonBodyReader} (fast path, tree where it declines) and Jackson's tree alone.
 */
final class JsonLoads {
    /** Columns {@code id}, {@code Name} (mixed case), {@code v}, {@code j}; a hidden sequence of type LARGEINT. */
    static final TableSchema SCHEMA = new TableSchema("d", "t", List.of(
            column("id", "BIGINT", true), column("Name", "STRING", false), column("v", "STRING", false), column("j", "JSON", false)),
            1, ColumnType.of("LARGEINT", new int[0], null), null, Map.of());

    private JsonLoads() {
    }

    private static Column column(String name, String type, boolean key) {
        return new Column(name, ColumnType.of(type, new int[0], null), !key, key, null, false, false);
    }

    static LoadOptions options(boolean byLine, boolean strip, List<String> columns, String delimiter) {
        return new LoadOptions("l", true, true, byLine, strip, columns, "\t", delimiter, null, null, List.of(), "seq", "APPEND",
                null, false, 0, true, false, "UPSERT", "APPEND", null, "", false, -1);
    }

    /** What a reading gave, as comparable text: each row's slots and source text, then each rejected row. */
    static List<String> fast(String body, LoadOptions o) throws LoadException {
        return fast(body.getBytes(StandardCharsets.UTF_8), o);
    }

    static List<String> fast(byte[] body, LoadOptions o) throws LoadException {
        RowLayout layout = RowLayout.of(SCHEMA, o);
        List<SourceRow> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        JsonBodyReader.read(body, body.length, o, layout, rows, rejected, () -> { });
        return describe(layout, rows, rejected);
    }

    /** The reading of the emulator before its fast path: the whole body decoded, split, each document through the tree. */
    static List<String> tree(byte[] body, LoadOptions o) throws LoadException {
        RowLayout layout = RowLayout.of(SCHEMA, o);
        List<SourceRow> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> header = o.columns() == null ? null : new LinkedHashSet<>(o.columns());
        String text = new String(body, StandardCharsets.UTF_8);
        if (o.readJsonByLine()) {
            for (String line : text.split(Pattern.quote(o.lineDelimiter()))) {
                if (!line.isBlank()) {
                    JsonTreeRows.readDocument(line, o.stripOuterArray(), header, layout, rows, rejected);
                }
            }
        } else if (!text.isBlank()) {
            JsonTreeRows.readBody(text, o.stripOuterArray(), header, layout, rows, rejected);
        }
        return describe(layout, rows, rejected);
    }

    /** Whether the fast path alone reads the document {@code doc} (one line). */
    static boolean fastPathReads(String doc, LoadOptions o) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        Set<String> header = o.columns() == null ? null : new LinkedHashSet<>(o.columns());
        JsonFastRows fast = new JsonFastRows(b, RowLayout.of(SCHEMA, o), header);
        int first = 0;
        while (first < b.length && b[first] == ' ') {
            first++;
        }
        return first < b.length && (b[first] == '{' || b[first] == '[')
                && fast.read(first, b.length, o.stripOuterArray(), new ArrayList<>(), new ArrayList<>());
    }

    private static List<String> describe(RowLayout layout, List<SourceRow> rows, List<Rejected> rejected) {
        List<String> out = new ArrayList<>();
        for (SourceRow r : rows) {
            StringBuilder sb = new StringBuilder("row ").append(r.text()).append(" |");
            for (int i = 0; i < layout.size(); i++) {
                Object v = r.raw(i);
                sb.append(' ').append(!r.has(i) ? "-" : v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
            }
            out.add(sb.toString());
        }
        for (Rejected r : rejected) {
            out.add("rejected " + r.source() + " | " + r.reason());
        }
        return out;
    }
}
