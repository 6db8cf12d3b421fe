package io.doriscdc.pgoutput;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.pgoutput.internal.MessageReader;
import io.doriscdc.pgoutput.internal.TupleRow;

/**
 * The column values of one tuple of an Insert, Update or Delete, as sent: per column 'n' (NULL),
 * 'u' (unchanged TOASTed value, not sent, never NULL), 't' (text) or 'b' (binary). The decoder
 * checks the structure and records each value's offset and length in one {@code int[]}; the
 * values themselves stay in the message buffer until a {@link Row} view reads them.
 *
 * <p><b>Ownership and threads.</b> Immutable view over the message's array, which is not copied:
 * valid while that array is not reused. Safe to read from several threads.
 */
public final class TupleData {
    private static final int NULL = -1;
    private static final int UNCHANGED = -2;

    private final byte[] array;
    private final int messageStart;
    private final int[] layout; // per column: [absolute offset | NULL | UNCHANGED, length (~length when binary)]
    private final Lsn lsn;
    private final int messageType;

    private TupleData(byte[] array, int messageStart, int[] layout, Lsn lsn, int messageType) {
        this.array = array;
        this.messageStart = messageStart;
        this.layout = layout;
        this.lsn = lsn;
        this.messageType = messageType;
    }

    static TupleData read(MessageReader r) {
        int ncols = r.readShort("tuple column count");
        if (ncols < 0 || ncols > r.remaining()) {
            throw r.error("impossible tuple column count " + ncols + " for " + r.remaining() + " remaining bytes");
        }
        int[] layout = new int[ncols * 2];
        for (int i = 0; i < ncols; i++) {
            int kind = r.readByte("column kind");
            switch (kind) {
                case 'n' -> layout[2 * i] = NULL;
                case 'u' -> layout[2 * i] = UNCHANGED;
                case 't', 'b' -> {
                    int len = r.readInt("column value length");
                    if (len < 0 || len > r.remaining()) {
                        throw r.errorAt(r.position() - 4, "column " + i + " value length " + len
                                + " runs past the end of the message (" + r.remaining() + " bytes left)");
                    }
                    layout[2 * i] = r.skip(len, "column value");
                    layout[2 * i + 1] = kind == 'b' ? ~len : len;
                }
                default -> throw r.errorAt(r.position() - 1, "column " + i + " has unknown kind " + describe(kind)
                        + "; expected 'n', 'u', 't' or 'b'");
            }
        }
        return new TupleData(r.array(), r.base(), layout, r.lsn(), r.messageType());
    }

    static String describe(int b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : "0x" + Integer.toHexString(b);
    }

    public int columnCount() {
        return layout.length >> 1;
    }

    /** NULL, UNCHANGED_TOAST or PRESENT. */
    public ValueState state(int column) {
        int off = layout[2 * column];
        return off == NULL ? ValueState.NULL : off == UNCHANGED ? ValueState.UNCHANGED_TOAST : ValueState.PRESENT;
    }

    /** The wire kind: 'n', 'u', 't' or 'b'. */
    public char kind(int column) {
        int off = layout[2 * column];
        return off == NULL ? 'n' : off == UNCHANGED ? 'u' : layout[2 * column + 1] < 0 ? 'b' : 't';
    }

    /** True for a present value sent in binary format. */
    public boolean isBinary(int column) {
        return layout[2 * column] >= 0 && layout[2 * column + 1] < 0;
    }

    /** Where the value's bytes start in {@link #array()}; negative when the value is absent. */
    public int valueOffset(int column) {
        return layout[2 * column];
    }

    /** The value's length in bytes (0 when absent). */
    public int valueLength(int column) {
        if (layout[2 * column] < 0) {
            return 0;
        }
        int len = layout[2 * column + 1];
        return len < 0 ? ~len : len;
    }

    /** The message buffer; never write to it. */
    public byte[] array() {
        return array;
    }

    /** Index of the message's first byte in {@link #array()}; offsets in errors are relative to it. */
    public int messageStart() {
        return messageStart;
    }

    public Lsn lsn() {
        return lsn;
    }

    public int messageType() {
        return messageType;
    }

    /**
     * A lazy {@link Row} view of this tuple read with the given schema (from {@link RelationCache}).
     * The view allocates nothing per column until a getter materialises a value.
     *
     * @throws DecodeException if the tuple's column count differs from the schema's
     */
    public Row row(TableSchema schema) {
        if (schema.columnCount() != columnCount()) {
            throw new DecodeException("tuple has " + columnCount() + " columns but relation " + schema.id() + " (OID "
                    + schema.relationOid() + ") has " + schema.columnCount() + "; was a Relation message missed?",
                    lsn, 0, messageType);
        }
        return new TupleRow(this, schema);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TupleData[");
        for (int i = 0; i < columnCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(kind(i));
            if (layout[2 * i] >= 0) {
                sb.append('(').append(valueLength(i)).append(')');
            }
        }
        return sb.append(']').toString();
    }
}
