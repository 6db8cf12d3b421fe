package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.doriscdc.api.transport.DorisConventions;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON lines ({@code format: json}, {@code read_json_by_line: true}) through Jackson's streaming
 * generator: one object per line, field names pre-encoded, text columns copied from the row's UTF-8
 * bytes. Numeric/money values go as JSON strings so Doris never parses them through a double; json/jsonb
 * values go as strings holding the JSON text. Not thread-safe.
 */
final class JsonPartWriter extends PartWriter {

    private static final JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator((String) null)
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final SerializedString VERSION = new SerializedString(DorisConventions.VERSION_FIELD);
    private static final SerializedString SIGN = new SerializedString(DorisConventions.DELETE_SIGN);

    private final SerializedString[] names;
    private final ByteSink scratch = new ByteSink(64);
    private final char[] number = new char[64];
    private final ArrayJson arrays = new ArrayJson();
    private JsonGenerator gen;

    JsonPartWriter(ValueRenderer renderer, int[] columns, boolean partial, int initialCapacity) {
        super(renderer, columns, partial, initialCapacity);
        this.names = new SerializedString[renderer.schema().columnCount()];
        for (int c : columns) {
            names[c] = new SerializedString(renderer.schema().column(c).name());
        }
        reset();
    }

    private final SequenceDigits digits = new SequenceDigits();

    @Override
    protected void reset() {
        try {
            gen = FACTORY.createGenerator(sink, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void flush() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void writeRow(Row row, StreamPosition version, boolean delete) {
        try {
            gen.writeStartObject();
            for (int c : columns) {
                gen.writeFieldName(names[c]);
                if (delete && !renderer.schema().column(c).key()) {
                    if (needsPlaceholder(c)) {
                        placeholder(c);
                    } else {
                        gen.writeNull();
                    }
                } else if (row.state(c) != ValueState.PRESENT) {
                    gen.writeNull();
                } else {
                    value(row, c, version);
                }
            }
            gen.writeFieldName(VERSION);
            // a JSON string: the value passes 64 bits, and Doris converts a string to LARGEINT
            // like any number it reads as text (Stream Load's num_as_string path)
            int n = digits.of(version);
            gen.writeRawUTF8String(digits.bytes(), 0, n);
            gen.writeFieldName(SIGN);
            gen.writeNumber(delete ? 1 : 0);
            gen.writeEndObject();
            gen.writeRaw('\n');
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void value(Row row, int c, StreamPosition version) throws IOException {
        switch (renderer.kind(c)) {
            case BOOLEAN -> gen.writeBoolean(row.getBoolean(c));
            case INTEGER -> gen.writeNumber(row.getLong(c));
            case ARRAY -> arrays.write(gen, renderer, row, c, version);
            case TEXT, JSON, UUID -> {
                if (row.hasUtf8Text(c)) {
                    gen.writeUTF8String(row.array(), row.textOffset(c), row.textLength(c));
                } else {
                    gen.writeString(row.getObject(c).toString());
                }
            }
            default -> {
                scratch.truncate(0);
                if (!renderer.render(row, c, version, scratch)) {
                    gen.writeNull();
                } else if (renderer.kind(c) == ColumnKind.FLOAT32 || renderer.kind(c) == ColumnKind.FLOAT64) {
                    writeFloat();
                } else {
                    // decimals, dates, times, intervals, bytea: strings (escaped: bytea holds a backslash)
                    gen.writeUTF8String(scratch.array(), 0, scratch.size());
                }
            }
        }
    }

    private void writeFloat() throws IOException {
        byte[] a = scratch.array();
        int n = scratch.size();
        byte first = a[0];
        if (first == 'N' || first == 'I' || first == 'i' || first == 'n' || (first == '-' && (a[1] == 'I' || a[1] == 'i'))) {
            gen.writeUTF8String(a, 0, n); // NaN / Infinity: Doris parses them from a string; JSON has no such number
            return;
        }
        for (int i = 0; i < n; i++) {
            number[i] = (char) a[i];
        }
        gen.writeNumber(number, 0, n);
    }

    private void placeholder(int c) throws IOException {
        switch (renderer.kind(c)) {
            case BOOLEAN -> gen.writeBoolean(false);
            case INTEGER, FLOAT32, FLOAT64 -> gen.writeNumber(0);
            case DECIMAL -> gen.writeString("0");
            case DATE -> gen.writeString("1970-01-01");
            case TIMESTAMP, TIMESTAMPTZ -> gen.writeString("1970-01-01 00:00:00");
            case TIME -> gen.writeString("00:00:00");
            case ARRAY -> {
                gen.writeStartArray();
                gen.writeEndArray();
            }
            case JSON -> gen.writeString("{}");
            case UUID -> gen.writeString("00000000-0000-0000-0000-000000000000");
            default -> gen.writeString("");
        }
    }

    @Override
    protected void formatHeaders(Map<String, String> headers) {
        headers.put("format", "json");
        headers.put("read_json_by_line", "true");
    }
}
