package io.doriscdc.api.value;

import io.doriscdc.api.schema.TableSchema;
import java.math.BigDecimal;

/**
 * The column values of one row, read lazily: a view over the bytes the server sent, in which
 * nothing is converted until asked for.
 *
 * <p>Columns are addressed by index in the order of the row's {@link #schema()}. Every typed
 * getter reads the column's value whatever the wire format (text or binary); calling one that does
 * not fit the column's {@link io.doriscdc.api.schema.LogicalType}, or on a column that is NULL or
 * {@link ValueState#UNCHANGED_TOAST}, throws {@link IllegalStateException} naming the column and
 * its type. A malformed value throws {@link io.doriscdc.api.DecodeException}.
 *
 * <p><b>Ownership and threads.</b> A row does not copy the buffer it reads from; it stays valid as
 * long as that buffer is not reused (the decoder never reuses a buffer it is given; see the
 * producer's documentation). A row may be read from any one thread at a time; it is not safe for
 * concurrent use unless the implementation says so. Use {@link ObjectRow#copyOf(Row)} to keep a
 * detached copy.
 */
public interface Row {

    /** The table whose columns this row has. */
    TableSchema schema();

    /** The number of columns (equal to {@code schema().columnCount()}). */
    int columnCount();

    /** Whether the column is NULL, unchanged TOAST or present. */
    ValueState state(int column);

    /** Shorthand for {@code state(column) == NULL}. */
    default boolean isNull(int column) {
        return state(column) == ValueState.NULL;
    }

    /** Shorthand for {@code state(column) == UNCHANGED_TOAST}. */
    default boolean isUnchangedToast(int column) {
        return state(column) == ValueState.UNCHANGED_TOAST;
    }

    /** True if any column is {@link ValueState#UNCHANGED_TOAST}. */
    default boolean hasUnchangedToast() {
        for (int i = 0; i < columnCount(); i++) {
            if (isUnchangedToast(i)) {
                return true;
            }
        }
        return false;
    }

    /** BOOLEAN. */
    boolean getBoolean(int column);

    /**
     * INT16, INT32, INT64, OID; also TIME (microseconds of the day; 24:00:00 is 86400000000),
     * TIMESTAMP and TIMESTAMPTZ (microseconds since the Unix epoch, exact from PostgreSQL's lowest
     * value, 4714-11-24 BC, on; {@code Long.MAX_VALUE}/{@code MIN_VALUE} for ±infinity; a value after
     * 294247-01-10 04:00:54.775806 does not fit and throws: {@link io.doriscdc.api.DecodeException}
     * from a decoded row, {@link IllegalArgumentException} from an {@link ObjectRow}) and DATE (days
     * since the Unix epoch, {@code Long.MAX_VALUE}/{@code MIN_VALUE} for ±infinity).
     */
    long getLong(int column);

    /** FLOAT32, FLOAT64, NUMERIC (may round; NaN and ±Infinity kept), integers. */
    double getDouble(int column);

    /**
     * NUMERIC and MONEY exactly, integers too.
     *
     * @throws ArithmeticException for a NUMERIC NaN or ±Infinity, which no BigDecimal can hold
     */
    BigDecimal getBigDecimal(int column);

    /** BYTES: a fresh copy of the value. */
    byte[] getBytes(int column);

    /**
     * PostgreSQL's text form of the value, whatever its type and wire format: what the type's
     * output function prints with default settings (for bool {@code t}/{@code f}; bpchar keeps its
     * padding; timestamptz read from binary is rendered in UTC).
     */
    String getString(int column);

    /** The value as the Java type documented on its {@link io.doriscdc.api.schema.LogicalType}; {@code null} when NULL. */
    Object getObject(int column);

    /**
     * Zero-copy access to UTF-8 text: true when the column's PostgreSQL text form is in the buffer
     * verbatim, so that {@link #array()}, {@link #textOffset(int)} and {@link #textLength(int)} give
     * it without any conversion. Always true for textual types ({@link
     * io.doriscdc.api.schema.LogicalType#isTextual()}) and for any column sent in text format; false
     * for NULL and unchanged columns.
     */
    boolean hasUtf8Text(int column);

    /** The buffer holding the bytes of {@link #textOffset(int)}; valid while the row is. Never write to it. */
    byte[] array();

    /** Where the column's UTF-8 text starts in {@link #array()}; only when {@link #hasUtf8Text(int)}. */
    int textOffset(int column);

    /** The length in bytes of the column's UTF-8 text; only when {@link #hasUtf8Text(int)}. */
    int textLength(int column);

    /**
     * Writes a NUMERIC column's finite value as PostgreSQL's numeric_out prints it (plain notation,
     * exactly the display scale's fraction digits) as ASCII into {@code out} from {@code offset}, without
     * allocating, when it fits in {@code room} bytes; an encoder's fast path for values sent in binary.
     *
     * @return the bytes written, or -1 when this row has no such path, the value is NaN or infinite,
     *         or it needs more than {@code room} bytes (then use {@link #getBigDecimal(int)})
     */
    default int writeNumericText(int column, byte[] out, int offset, int room) {
        return -1;
    }
}
