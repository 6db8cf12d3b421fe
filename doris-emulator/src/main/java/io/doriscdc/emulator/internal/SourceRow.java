package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One input row before conversion: a raw value per {@link RowLayout} slot, which is a {@code String}
 * (CSV fields; JSON strings, numbers as Jackson's tree prints them, nested objects and arrays as their
 * compact JSON text), a {@code Boolean} (JSON {@code true}/{@code false}) or {@code null} (CSV
 * {@code \N}, JSON {@code null}); a slot no field filled is a missing column. Its source text, for the
 * error log, is the CSV line or the JSON object as Jackson prints it, made only when asked for.
 *
 * <p>Filled by one reader, then read-only; not thread-safe.
 */
final class SourceRow {
    private static final Object MISSING = new Object();
    private final Object[] values;
    private final byte[] body;
    private final int start;
    private int end;
    private String text;

    private SourceRow(int slots, String text, byte[] body, int start) {
        this.values = new Object[slots];
        Arrays.fill(values, MISSING);
        this.text = text;
        this.body = body;
        this.start = start;
    }

    /** A row whose source text is {@code text}. */
    static SourceRow of(RowLayout layout, String text) {
        return new SourceRow(layout.size(), text, null, 0);
    }

    /** A row being read from the UTF-8 JSON object that starts at {@code body[start]}; {@link #endsAt} ends it. */
    static SourceRow ofJson(RowLayout layout, byte[] body, int start) {
        return new SourceRow(layout.size(), null, body, start);
    }

    /** The end (exclusive) of the JSON object this row was read from. */
    void endsAt(int end) {
        this.end = end;
    }

    /** Sets a slot; a negative slot (a field nobody reads) is ignored. */
    void set(int slot, Object value) {
        if (slot >= 0) {
            values[slot] = value;
        }
    }

    boolean has(int slot) {
        return slot >= 0 && values[slot] != MISSING;
    }

    /** The raw value, or null when it is NULL or missing. */
    Object raw(int slot) {
        Object v = slot < 0 ? null : values[slot];
        return v == MISSING ? null : v;
    }

    /** The raw value as text ({@code JsonNode.asText()} for a JSON boolean), or null. */
    String rawText(int slot) {
        Object v = raw(slot);
        return v == null ? null : v.toString();
    }

    /** The row's source text as the error log shows it. */
    String text() {
        if (text == null) {
            text = JsonTreeRows.printed(new String(body, start, end - start, StandardCharsets.UTF_8));
        }
        return text;
    }
}
