package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;
import com.fasterxml.jackson.core.JsonGenerator;
import io.doriscdc.api.value.PgInterval;
import io.doriscdc.api.value.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes a PostgreSQL array ({@link List} of elements, nested for more dimensions) as the JSON array
 * Doris parses into {@code ARRAY<T>}: numbers as numbers (numeric exactly), NaN/±Infinity of floats as
 * strings, dates and timestamps as Doris text, bytea as {@code \x} hex, everything else as strings.
 * Stateless apart from a scratch buffer; not thread-safe.
 */
final class ArrayJson {

    private final ByteSink scratch = new ByteSink(64);

    void write(JsonGenerator gen, ValueRenderer renderer, Row row, int c, StreamPosition version) throws IOException {
        writeList(gen, (List<?>) row.getObject(c), renderer, row, c, version);
    }

    private void writeList(JsonGenerator gen, List<?> list, ValueRenderer renderer, Row row, int c, StreamPosition version) throws IOException {
        gen.writeStartArray();
        for (Object e : list) {
            writeElement(gen, e, renderer, row, c, version);
        }
        gen.writeEndArray();
    }

    private void writeElement(JsonGenerator gen, Object e, ValueRenderer r, Row row, int c, StreamPosition version) throws IOException {
        if (e == null) {
            gen.writeNull();
        } else if (e instanceof List<?> l) {
            writeList(gen, l, r, row, c, version);
        } else if (e instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (e instanceof Long || e instanceof Integer || e instanceof Short) {
            gen.writeNumber(((Number) e).longValue());
        } else if (e instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                gen.writeString(f.toString());
            } else {
                gen.writeNumber(f);
            }
        } else if (e instanceof Double d) {
            // a float8 element keeps NaN/Infinity as text; a numeric element has no such value in Doris
            if (d.isNaN() || d.isInfinite()) {
                if (row.schema().column(c).type().element().logical() == io.doriscdc.api.schema.LogicalType.FLOAT64
                        || r.acceptNanElement(row, c, version, d)) {
                    gen.writeString(d.toString());
                } else {
                    gen.writeNull();
                }
            } else {
                gen.writeNumber(d);
            }
        } else if (e instanceof BigDecimal d) {
            gen.writeNumber(d.toPlainString());
        } else if (e instanceof LocalDate d) {
            if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
                infinite(gen, r, row, c, version, d);
                return;
            }
            if (!r.acceptDayElement(d.toEpochDay(), row, c, version)) {
                gen.writeNull();
                return;
            }
            scratch.truncate(0);
            Temporal.writeDate(scratch, d.toEpochDay());
            gen.writeRawUTF8String(scratch.array(), 0, scratch.size());
        } else if (e instanceof LocalDateTime t) {
            if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
                infinite(gen, r, row, c, version, t);
                return;
            }
            timestamp(gen, t.toEpochSecond(ZoneOffset.UTC), t.getNano(), r, row, c, version);
        } else if (e instanceof Instant t) {
            if (t.equals(Instant.MAX) || t.equals(Instant.MIN)) {
                infinite(gen, r, row, c, version, t);
                return;
            }
            timestamp(gen, t.getEpochSecond(), t.getNano(), r, row, c, version);
        } else if (e instanceof LocalTime t) {
            scratch.truncate(0);
            Temporal.writeTime(scratch, t.toNanoOfDay() / 1000);
            gen.writeRawUTF8String(scratch.array(), 0, scratch.size());
        } else if (e instanceof byte[] b) {
            StringBuilder sb = new StringBuilder(2 + 2 * b.length).append("\\x");
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            gen.writeString(sb.toString());
        } else if (e instanceof PgInterval i) {
            gen.writeString(i.toIso8601());
        } else {
            gen.writeString(e.toString());
        }
    }

    /** A timestamp element: years outside Doris's 0000–9999 follow the range policy, so the micros below cannot overflow. */
    private void timestamp(JsonGenerator gen, long epochSecond, int nano, ValueRenderer r, Row row, int c, StreamPosition version)
            throws IOException {
        if (!r.acceptDayElement(Math.floorDiv(epochSecond, 86_400L), row, c, version)) {
            gen.writeNull();
            return;
        }
        scratch.truncate(0);
        Temporal.writeTimestamp(scratch, epochSecond * 1_000_000L + nano / 1000);
        gen.writeRawUTF8String(scratch.array(), 0, scratch.size());
    }

    private void infinite(JsonGenerator gen, ValueRenderer r, Row row, int c, StreamPosition version, Object value) throws IOException {
        r.acceptNanElement(row, c, version, value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MIN) || value.equals(Instant.MIN)
                ? "-infinity" : "infinity");
        gen.writeNull();
    }
}
