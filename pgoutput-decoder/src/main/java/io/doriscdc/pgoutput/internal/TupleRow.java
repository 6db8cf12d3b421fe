package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.pgoutput.TupleData;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The lazy {@link Row} over a {@link TupleData}: every getter reads the column's bytes in place and
 * converts only what it returns. Primitive getters, {@link #state(int)} and the zero-copy text
 * accessors allocate nothing. Errors in a value become {@link DecodeException}s naming the column.
 *
 * <p>Immutable; safe for concurrent reads. Valid while the tuple's buffer is not reused.
 */
public final class TupleRow implements Row {
    private final TupleData tuple;
    private final TableSchema schema;
    private final byte[] a;

    public TupleRow(TupleData tuple, TableSchema schema) {
        this.tuple = tuple;
        this.schema = schema;
        this.a = tuple.array();
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public int columnCount() {
        return tuple.columnCount();
    }

    @Override
    public ValueState state(int column) {
        return tuple.state(column);
    }

    private ColumnType type(int column) {
        return schema.column(column).type();
    }

    /** Checks the column holds a value and returns its offset. */
    private int present(int column) {
        int off = tuple.valueOffset(column);
        if (off < 0) {
            throw new IllegalStateException("column " + schema.column(column).name() + " (" + type(column) + ") of "
                    + schema.id() + " is " + (tuple.state(column) == ValueState.NULL ? "NULL" : "an unchanged TOAST value"));
        }
        return off;
    }

    private IllegalStateException wrongGetter(int column, String getter) {
        return new IllegalStateException(getter + " does not apply to column " + schema.column(column).name() + " of "
                + schema.id() + ", whose type is " + type(column) + " (" + type(column).logical() + ")");
    }

    private DecodeException bad(int column, RuntimeException e) {
        return new DecodeException("column " + schema.column(column).name() + " (" + type(column) + ") of " + schema.id()
                + ": " + e.getMessage(), tuple.lsn(), tuple.valueOffset(column) - tuple.messageStart(),
                tuple.messageType(), e);
    }

    @Override
    public boolean getBoolean(int column) {
        int off = present(column);
        if (type(column).logical() != LogicalType.BOOLEAN) {
            throw wrongGetter(column, "getBoolean");
        }
        try {
            return Values.bool(a, off, tuple.valueLength(column), tuple.isBinary(column));
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public long getLong(int column) {
        int off = present(column);
        LogicalType lt = type(column).logical();
        if (!Values.hasLong(lt)) {
            throw wrongGetter(column, "getLong");
        }
        try {
            return Values.toLong(lt, a, off, tuple.valueLength(column), tuple.isBinary(column));
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public double getDouble(int column) {
        int off = present(column);
        LogicalType lt = type(column).logical();
        if (!Values.hasDouble(lt)) {
            throw wrongGetter(column, "getDouble");
        }
        try {
            return Values.toDouble(lt, a, off, tuple.valueLength(column), tuple.isBinary(column));
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int column) {
        int off = present(column);
        LogicalType lt = type(column).logical();
        if (lt != LogicalType.NUMERIC && lt != LogicalType.MONEY && !lt.isIntegral()) {
            throw wrongGetter(column, "getBigDecimal");
        }
        Object v;
        try {
            v = lt.isIntegral() ? BigDecimal.valueOf(Values.toLong(lt, a, off, tuple.valueLength(column), tuple.isBinary(column)))
                    : Values.object(type(column), a, off, tuple.valueLength(column), tuple.isBinary(column));
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
        if (v instanceof Double d) {
            throw new ArithmeticException("column " + schema.column(column).name() + " of " + schema.id() + " is numeric "
                    + (d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity") + ", which a BigDecimal cannot hold");
        }
        return (BigDecimal) v;
    }

    @Override
    public byte[] getBytes(int column) {
        int off = present(column);
        if (type(column).logical() != LogicalType.BYTES) {
            throw wrongGetter(column, "getBytes");
        }
        int len = tuple.valueLength(column);
        if (tuple.isBinary(column)) {
            return Arrays.copyOfRange(a, off, off + len);
        }
        try {
            return TextScalars.bytea(a, off, len);
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public String getString(int column) {
        int off = present(column);
        int len = tuple.valueLength(column);
        if (!tuple.isBinary(column)) {
            return Utf8.string(a, off, len);
        }
        try {
            return BinaryText.toText(type(column), a, off, len);
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public Object getObject(int column) {
        if (tuple.state(column) == ValueState.NULL) {
            return null;
        }
        int off = present(column);
        try {
            return Values.object(type(column), a, off, tuple.valueLength(column), tuple.isBinary(column));
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public boolean hasUtf8Text(int column) {
        int off = tuple.valueOffset(column);
        if (off < 0) {
            return false;
        }
        return !tuple.isBinary(column) || BinaryText.rawTextStart(type(column), a, off, tuple.valueLength(column)) >= 0;
    }

    @Override
    public byte[] array() {
        return a;
    }

    @Override
    public int textOffset(int column) {
        int off = present(column);
        if (!tuple.isBinary(column)) {
            return off;
        }
        int skip = BinaryText.rawTextStart(type(column), a, off, tuple.valueLength(column));
        if (skip < 0) {
            throw new IllegalStateException("column " + schema.column(column).name() + " has no verbatim UTF-8 text; check hasUtf8Text first");
        }
        return off + skip;
    }

    @Override
    public int textLength(int column) {
        int off = present(column);
        int len = tuple.valueLength(column);
        if (!tuple.isBinary(column)) {
            return len;
        }
        int skip = BinaryText.rawTextStart(type(column), a, off, len);
        if (skip < 0) {
            throw new IllegalStateException("column " + schema.column(column).name() + " has no verbatim UTF-8 text; check hasUtf8Text first");
        }
        return len - skip;
    }

    @Override
    public int writeNumericText(int column, byte[] out, int offset, int room) {
        int off = tuple.valueOffset(column);
        if (off < 0 || !tuple.isBinary(column) || type(column).logical() != LogicalType.NUMERIC) {
            return -1;
        }
        try {
            return Numerics.writeText(a, off, tuple.valueLength(column), out, offset, room);
        } catch (RuntimeException e) {
            throw bad(column, e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(schema.id().toString()).append('{');
        for (int i = 0; i < columnCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(schema.column(i).name()).append('=');
            switch (state(i)) {
                case NULL -> sb.append("NULL");
                case UNCHANGED_TOAST -> sb.append("<unchanged toast>");
                default -> {
                    try {
                        sb.append(getString(i));
                    } catch (DecodeException e) {
                        sb.append("<").append(tuple.valueLength(i)).append(" binary bytes>");
                    }
                }
            }
        }
        return sb.append('}').toString();
    }
}
