package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * CSV ({@code format: csv}) as Doris reads it with {@code enclose: "} and {@code escape: \}: NULL is a
 * bare {@code \N}; numbers, booleans ({@code 1}/{@code 0}), dates and timestamps are bare; every other
 * value (text, json, arrays, bytea, ...) is enclosed in {@code "} with {@code "} and {@code \} escaped by
 * {@code \}, so separators, quotes, line breaks, an empty string and the text {@code \N} all load as
 * themselves. Not thread-safe.
 */
final class CsvPartWriter extends PartWriter {

    private static final JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator((String) null)
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private final byte[] separator;
    private final String separatorHeader;
    private final ByteSink scratch = new ByteSink(64);
    private final ArrayJson arrays = new ArrayJson();

    CsvPartWriter(ValueRenderer renderer, int[] columns, boolean partial, int initialCapacity, String separator) {
        super(renderer, columns, partial, initialCapacity);
        this.separator = separator.getBytes(StandardCharsets.UTF_8);
        StringBuilder hex = new StringBuilder();
        for (byte b : this.separator) {
            hex.append(String.format("\\x%02x", b & 0xff));
        }
        this.separatorHeader = hex.toString();
    }

    private final SequenceDigits digits = new SequenceDigits();

    @Override
    protected void reset() {
    }

    @Override
    protected void flush() {
    }

    @Override
    protected void writeRow(Row row, StreamPosition version, boolean delete) {
        for (int c : columns) {
            if (delete && !renderer.schema().column(c).key()) {
                if (needsPlaceholder(c)) {
                    placeholder(c);
                } else {
                    writeNull();
                }
            } else if (row.state(c) != ValueState.PRESENT) {
                writeNull();
            } else {
                value(row, c, version);
            }
            sink.write(separator, 0, separator.length);
        }
        int n = digits.of(version);
        sink.write(digits.bytes(), 0, n);
        sink.write(separator, 0, separator.length);
        sink.write(delete ? '1' : '0');
        sink.write('\n');
    }

    private void writeNull() {
        sink.write('\\');
        sink.write('N');
    }

    private void value(Row row, int c, StreamPosition version) {
        ColumnKind kind = renderer.kind(c);
        if (kind.bare()) {
            int start = sink.size();
            if (!renderer.render(row, c, version, sink)) {
                sink.truncate(start);
                writeNull();
            }
            return;
        }
        if ((kind == ColumnKind.TEXT || kind == ColumnKind.JSON || kind == ColumnKind.UUID) && row.hasUtf8Text(c)) {
            enclosed(row.array(), row.textOffset(c), row.textLength(c));
            return;
        }
        scratch.truncate(0);
        if (kind == ColumnKind.ARRAY) {
            renderArray(row, c, version);
        } else if (!renderer.render(row, c, version, scratch)) {
            writeNull();
            return;
        }
        enclosed(scratch.array(), 0, scratch.size());
    }

    private void renderArray(Row row, int c, StreamPosition version) {
        try (JsonGenerator gen = FACTORY.createGenerator(scratch, JsonEncoding.UTF8)) {
            arrays.write(gen, renderer, row, c, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code "..."} with {@code "} and {@code \} escaped by a backslash. */
    private void enclosed(byte[] a, int off, int len) {
        sink.ensure(len + 2);
        sink.put((byte) '"');
        int runStart = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = a[i];
            if (b == '"' || b == '\\') {
                sink.write(a, runStart, i - runStart);
                sink.write('\\');
                runStart = i;
            }
        }
        sink.write(a, runStart, end - runStart);
        sink.write('"');
    }

    private void placeholder(int c) {
        switch (renderer.kind(c)) {
            case BOOLEAN, INTEGER, FLOAT32, FLOAT64, DECIMAL -> sink.write('0');
            case DATE -> sink.writeAscii("1970-01-01");
            case TIMESTAMP, TIMESTAMPTZ -> sink.writeAscii("1970-01-01 00:00:00");
            case TIME -> sink.writeAscii("\"00:00:00\"");
            case ARRAY -> sink.writeAscii("\"[]\"");
            case JSON -> sink.writeAscii("\"{}\"");
            case UUID -> sink.writeAscii("\"00000000-0000-0000-0000-000000000000\"");
            default -> sink.writeAscii("\"\"");
        }
    }

    @Override
    protected void formatHeaders(Map<String, String> headers) {
        headers.put("format", "csv");
        headers.put("column_separator", separatorHeader);
        headers.put("enclose", "\"");
        headers.put("escape", "\\");
    }
}
