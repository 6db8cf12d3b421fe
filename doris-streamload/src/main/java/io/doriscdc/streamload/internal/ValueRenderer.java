package io.doriscdc.streamload.internal;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.value.PgInterval;
import io.doriscdc.api.value.Row;
import io.doriscdc.streamload.StreamLoadSettings.ValuePolicy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetTime;

/**
 * Renders one column value as the text Doris parses, into a {@link ByteSink}, without quoting or
 * escaping (the format writers do that). Applies the NaN/±Infinity and out-of-range policies: a value
 * Doris cannot hold either fails the row with a {@link TransportException} naming the table, column,
 * version and value, or is reported as NULL. Not thread-safe (one encoder owns it).
 *
 * <p>Renderings: integers in decimal; float4/float8 as Java prints them ({@code NaN}, {@code Infinity}
 * kept: Doris FLOAT/DOUBLE parse them); numeric/money exactly ({@code toPlainString}); date
 * {@code yyyy-MM-dd}; timestamp {@code yyyy-MM-dd HH:mm:ss[.ffffff]}; timestamptz the same in UTC; time
 * {@code HH:mm:ss[.ffffff]}; timetz with its offset; interval ISO 8601; bytea {@code \x} + hex
 * (PostgreSQL's form); uuid, json and text-like types verbatim.
 */
public final class ValueRenderer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final TableSchema schema;
    private final String target;
    private final ColumnKind[] kinds;
    private final ValuePolicy nanPolicy;
    private final ValuePolicy rangePolicy;

    public ValueRenderer(TableSchema schema, String target, ValuePolicy nanPolicy, ValuePolicy rangePolicy) {
        this.schema = schema;
        this.target = target;
        this.nanPolicy = nanPolicy;
        this.rangePolicy = rangePolicy;
        this.kinds = new ColumnKind[schema.columnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ColumnKind.of(schema.column(i).type().logical());
        }
    }

    public ColumnKind kind(int column) {
        return kinds[column];
    }

    public TableSchema schema() {
        return schema;
    }

    /**
     * Writes the text of a present value. Returns false, writing nothing, when a policy turns the
     * value into NULL.
     */
    public boolean render(Row row, int c, StreamPosition version, ByteSink out) {
        switch (kinds[c]) {
            case BOOLEAN -> out.write(row.getBoolean(c) ? '1' : '0');
            case INTEGER -> out.writeLong(row.getLong(c));
            case FLOAT32, FLOAT64 -> {
                if (row.hasUtf8Text(c)) {
                    out.write(row.array(), row.textOffset(c), row.textLength(c));
                } else {
                    double d = row.getDouble(c);
                    out.writeAscii(kinds[c] == ColumnKind.FLOAT32 ? Float.toString((float) d) : Double.toString(d));
                }
            }
            case DECIMAL -> {
                return renderDecimal(row, c, version, out);
            }
            case DATE -> {
                long day = row.getLong(c);
                if (!acceptDay(day, day == Long.MAX_VALUE || day == Long.MIN_VALUE, row, c, version)) {
                    return false;
                }
                Temporal.writeDate(out, day);
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                long micros;
                try {
                    micros = row.getLong(c);
                } catch (IllegalArgumentException e) {
                    // PostgreSQL holds timestamps up to 294276 AD, past what microseconds since 1970
                    // hold near the top: a year far beyond Doris's 9999 in any case
                    return acceptDay(Long.MAX_VALUE / 2, false, row, c, version);
                }
                boolean infinite = micros == Long.MAX_VALUE || micros == Long.MIN_VALUE;
                if (!acceptDay(infinite ? 0 : Temporal.dayOf(micros), infinite, row, c, version)) {
                    return false;
                }
                Temporal.writeTimestamp(out, micros);
            }
            case TIME -> Temporal.writeTime(out, row.getLong(c));
            case TIMETZ -> {
                OffsetTime t = (OffsetTime) row.getObject(c);
                Temporal.writeTime(out, t.toLocalTime().toNanoOfDay() / 1000);
                out.writeAscii(t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId());
            }
            case INTERVAL -> out.writeAscii(((PgInterval) row.getObject(c)).toIso8601());
            case BYTES -> {
                byte[] b = row.getBytes(c);
                out.ensure(2 + 2 * b.length);
                out.put((byte) '\\');
                out.put((byte) 'x');
                for (byte x : b) {
                    out.put(HEX[(x >> 4) & 0xf]);
                    out.put(HEX[x & 0xf]);
                }
            }
            case UUID, JSON, TEXT -> writeText(row, c, out);
            case ARRAY -> throw new IllegalStateException("arrays are rendered by the format writer");
        }
        return true;
    }

    /** Writes a column's text form (verbatim UTF-8 when the row has it, else its string). */
    public void writeText(Row row, int c, ByteSink out) {
        if (row.hasUtf8Text(c)) {
            out.write(row.array(), row.textOffset(c), row.textLength(c));
        } else {
            Utf8.write(row.getObject(c).toString(), out);
        }
    }

    /** Room for a numeric written straight from its binary form; a longer one goes through BigDecimal. */
    private static final int NUMERIC_ROOM = 128;

    private boolean renderDecimal(Row row, int c, StreamPosition version, ByteSink out) {
        // money's text form carries lc_monetary's currency symbol and grouping ($1,234.56): it goes through its amount
        if (row.hasUtf8Text(c) && row.schema().column(c).type().logical() != io.doriscdc.api.schema.LogicalType.MONEY) {
            byte[] a = row.array();
            int off = row.textOffset(c);
            int len = row.textLength(c);
            byte first = len > 0 ? a[off] : 0;
            if (first == 'N' || first == 'I' || (first == '-' && len > 1 && a[off + 1] == 'I')) {
                return rejectNan(row, c, version, new String(a, off, len, StandardCharsets.US_ASCII));
            }
            out.write(a, off, len);
            return true;
        }
        out.ensure(NUMERIC_ROOM);
        int n = row.writeNumericText(c, out.array(), out.size(), NUMERIC_ROOM); // binary: no BigDecimal (a drain's profile: 10 %)
        if (n >= 0) {
            out.advance(n);
            return true;
        }
        Object v = row.getObject(c);
        if (v instanceof Double d) {
            return rejectNan(row, c, version, d.toString());
        }
        out.writeAscii(v instanceof BigDecimal bd ? bd.toPlainString() : row.getBigDecimal(c).toPlainString());
        return true;
    }

    /** Decides an element value inside an array: the renderer's policies apply to it too. */
    boolean acceptNanElement(Row row, int c, StreamPosition version, Object element) {
        return rejectNan(row, c, version, String.valueOf(element));
    }

    /** Decides a date or timestamp element inside an array by its day since 1970: the range policy applies to it too. */
    boolean acceptDayElement(long day, Row row, int c, StreamPosition version) {
        return acceptDay(day, false, row, c, version);
    }

    private boolean rejectNan(Row row, int c, StreamPosition version, String value) {
        if (nanPolicy == ValuePolicy.NULL) {
            return false;
        }
        throw reject(c, version, value, "Doris " + dorisType(c) + " has no such value",
                "set nan-policy=null to load NULL instead, or map the column to DOUBLE");
    }

    private boolean acceptDay(long day, boolean infinite, Row row, int c, StreamPosition version) {
        if (infinite) {
            if (nanPolicy == ValuePolicy.NULL) {
                return false;
            }
            throw reject(c, version, day > 0 ? "infinity" : "-infinity", "Doris " + dorisType(c) + " has no infinity",
                    "set nan-policy=null to load NULL instead");
        }
        long year = Temporal.yearOf(day);
        if (year >= 0 && year <= 9999) {
            return true;
        }
        if (rangePolicy == ValuePolicy.NULL) {
            return false;
        }
        throw reject(c, version, "year " + (year <= 0 ? (1 - year) + " BC" : String.valueOf(year)),
                "Doris " + dorisType(c) + " holds years 0000 to 9999 only", "set out-of-range-policy=null to load NULL instead");
    }

    private String dorisType(int c) {
        if (kinds[c] == ColumnKind.ARRAY) {
            var element = schema.column(c).type().element();
            return "ARRAY<" + (element == null ? "?" : dorisType(ColumnKind.of(element.logical()))) + ">";
        }
        return dorisType(kinds[c]);
    }

    private static String dorisType(ColumnKind kind) {
        return switch (kind) {
            case DECIMAL -> "DECIMAL";
            case DATE -> "DATE";
            case TIMESTAMP, TIMESTAMPTZ -> "DATETIME";
            default -> kind.name();
        };
    }

    private TransportException reject(int c, StreamPosition version, String value, String why, String todo) {
        Column col = schema.column(c);
        return new TransportException("cannot load the row of " + schema.id() + " at stream position " + version + " into " + target
                + ": column '" + col.name() + "' (" + col.type().name() + ") holds " + value + " and " + why + "; " + todo,
                false, null);
    }
}
