package io.doriscdc.api.value;

import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A row of materialised Java values, for values built in code (snapshots, tests) and for detached
 * copies of lazy rows. Values follow the Java types documented on {@link LogicalType};
 * {@link #UNCHANGED} marks an unchanged TOAST column. A TIMESTAMPTZ value may also be given as an
 * {@link OffsetDateTime} or {@link ZonedDateTime} (as JDBC reads it; {@code OffsetDateTime.MAX/MIN}
 * for ±infinity): it is kept as the {@link Instant} the type documents. Immutable after construction;
 * thread-safe.
 *
 * <p>Every value PostgreSQL can hold reads as the decoder's lazy row reads it: {@link #getLong(int)}
 * of dates and timestamps is exact over PostgreSQL's whole range, with ±infinity as {@code
 * Long.MAX_VALUE}/{@code MIN_VALUE}; a timestamp whose microseconds since 1970 do not fit a long (after
 * 294247-01-10) throws {@link IllegalArgumentException} naming the column and value.
 *
 * <p>Its text forms ({@link #getString(int)}) are PostgreSQL's output forms for booleans, integers,
 * numeric, text-like values, bytea, uuid and every date/time type (DateStyle ISO, IntervalStyle
 * postgres, timestamptz in UTC); for float, money and arrays they are Java renderings, close to but
 * not always identical to PostgreSQL's; transports render from the typed getters.
 */
public final class ObjectRow implements Row {

    /** Marks a column whose value is unchanged TOAST. */
    public static final Object UNCHANGED = new Object() {
        @Override
        public String toString() {
            return "<unchanged toast>";
        }
    };

    private final TableSchema schema;
    private final Object[] values;

    private ObjectRow(TableSchema schema, Object[] values) {
        if (values.length != schema.columnCount()) {
            throw new IllegalArgumentException("table " + schema.id() + " has " + schema.columnCount()
                    + " columns but " + values.length + " values were given");
        }
        this.schema = schema;
        this.values = values;
    }

    /** A row of the given values, one per column in schema order; {@code null} for NULL, {@link #UNCHANGED} for unchanged TOAST. */
    public static ObjectRow of(TableSchema schema, Object... values) {
        ObjectRow row = new ObjectRow(Objects.requireNonNull(schema, "schema"), values.clone());
        for (int i = 0; i < row.values.length; i++) {
            if (schema.column(i).type().logical() == LogicalType.TIMESTAMPTZ) {
                row.values[i] = instant(row.values[i]);
            }
        }
        return row;
    }

    private static Object instant(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.equals(OffsetDateTime.MAX) ? Instant.MAX : t.equals(OffsetDateTime.MIN) ? Instant.MIN : t.toInstant();
        }
        return v instanceof ZonedDateTime t ? t.toInstant() : v;
    }

    /** A detached copy of any row, every value materialised. */
    public static ObjectRow copyOf(Row row) {
        if (row instanceof ObjectRow o) {
            return o;
        }
        Object[] values = new Object[row.columnCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (row.state(i)) {
                case NULL -> null;
                case UNCHANGED_TOAST -> UNCHANGED;
                case PRESENT -> row.getObject(i);
            };
        }
        return new ObjectRow(row.schema(), values);
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public int columnCount() {
        return values.length;
    }

    @Override
    public ValueState state(int column) {
        Object v = values[column];
        return v == null ? ValueState.NULL : v == UNCHANGED ? ValueState.UNCHANGED_TOAST : ValueState.PRESENT;
    }

    private Object present(int column) {
        Object v = values[column];
        if (v == null || v == UNCHANGED) {
            Column c = schema.column(column);
            throw new IllegalStateException("column " + c.name() + " of " + schema.id() + " is "
                    + (v == null ? "NULL" : "unchanged TOAST") + "; check state() first");
        }
        return v;
    }

    private IllegalStateException wrongType(int column, String getter) {
        Column c = schema.column(column);
        return new IllegalStateException(getter + " does not fit column " + c.name() + " of " + schema.id()
                + " (type " + c.type().name() + ", value " + values[column].getClass().getSimpleName() + ")");
    }

    @Override
    public boolean getBoolean(int column) {
        if (present(column) instanceof Boolean b) {
            return b;
        }
        throw wrongType(column, "getBoolean");
    }

    @Override
    public long getLong(int column) {
        Object v = present(column);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof LocalDate d) {
            return d.equals(LocalDate.MAX) ? Long.MAX_VALUE : d.equals(LocalDate.MIN) ? Long.MIN_VALUE : d.toEpochDay();
        }
        if (v instanceof LocalDateTime t) {
            return t.equals(LocalDateTime.MAX) ? Long.MAX_VALUE : t.equals(LocalDateTime.MIN) ? Long.MIN_VALUE
                    : epochMicros(column, t.toEpochSecond(ZoneOffset.UTC), t.getNano());
        }
        if (v instanceof Instant t) {
            return t.equals(Instant.MAX) ? Long.MAX_VALUE : t.equals(Instant.MIN) ? Long.MIN_VALUE
                    : epochMicros(column, t.getEpochSecond(), t.getNano());
        }
        if (v instanceof LocalTime t) {
            return PgTemporal.microsOfDay(t);
        }
        throw wrongType(column, "getLong");
    }

    private long epochMicros(int column, long epochSecond, int nano) {
        if (!PgTemporal.fitsMicros(epochSecond, nano)) {
            Column c = schema.column(column);
            throw new IllegalArgumentException("column " + c.name() + " of " + schema.id() + " holds " + c.type().name() + " '"
                    + getString(column) + "', whose microseconds since 1970 do not fit a long (the range ends at "
                    + "294247-01-10 04:00:54.775806 UTC; Long.MAX_VALUE/MIN_VALUE mean ±infinity); read it with getObject or getString");
        }
        return PgTemporal.micros(epochSecond, nano);
    }

    @Override
    public double getDouble(int column) {
        if (present(column) instanceof Number n && schema.column(column).type().logical() != LogicalType.MONEY) {
            return n.doubleValue();
        }
        throw wrongType(column, "getDouble");
    }

    @Override
    public BigDecimal getBigDecimal(int column) {
        Object v = present(column);
        if (v instanceof BigDecimal d) {
            return d;
        }
        boolean numeric = schema.column(column).type().logical() == LogicalType.NUMERIC;
        if (v instanceof Double d && (d.isNaN() || d.isInfinite()) && numeric) {
            throw new ArithmeticException("column " + schema.column(column).name() + " of " + schema.id()
                    + " holds numeric " + d + ", which has no BigDecimal value");
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        throw wrongType(column, "getBigDecimal");
    }

    @Override
    public byte[] getBytes(int column) {
        if (present(column) instanceof byte[] b) {
            return b.clone();
        }
        throw wrongType(column, "getBytes");
    }

    @Override
    public String getString(int column) {
        Object v = present(column);
        if (v instanceof byte[] b) {
            StringBuilder sb = new StringBuilder(2 + b.length * 2).append("\\x");
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return sb.toString();
        }
        if (v instanceof Boolean bool) {
            return bool ? "t" : "f";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return PgTemporal.timestamp(t);
        }
        if (v instanceof Instant t) {
            return PgTemporal.timestamptz(t);
        }
        if (v instanceof LocalDate d) {
            return PgTemporal.date(d);
        }
        if (v instanceof LocalTime t) {
            return PgTemporal.time(t);
        }
        if (v instanceof OffsetTime t) {
            return PgTemporal.timetz(t);
        }
        if (v instanceof PgInterval i) {
            return PgTemporal.interval(i);
        }
        return String.valueOf(v);
    }

    @Override
    public Object getObject(int column) {
        Object v = values[column];
        if (v == UNCHANGED) {
            present(column);
        }
        return v;
    }

    /** Always false: an ObjectRow keeps no shared byte buffer; read text with {@link #getString(int)}. */
    @Override
    public boolean hasUtf8Text(int column) {
        return false;
    }

    @Override
    public byte[] array() {
        throw new IllegalStateException("ObjectRow keeps no shared buffer (hasUtf8Text is false); use getString");
    }

    @Override
    public int textOffset(int column) {
        throw new IllegalStateException("ObjectRow keeps no shared buffer (hasUtf8Text is false); use getString");
    }

    @Override
    public int textLength(int column) {
        throw new IllegalStateException("ObjectRow keeps no shared buffer (hasUtf8Text is false); use getString");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRow other && schema.id().equals(other.schema.id()) && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return schema.id().hashCode() * 31 + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return schema.id() + Arrays.deepToString(values);
    }
}
