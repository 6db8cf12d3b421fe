package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Arrays in binary form (array_send: int32 ndim, int32 has-null flag, int32 element OID, per
 * dimension int32 size and int32 lower bound, then per element int32 length (-1 = NULL) and bytes),
 * rendered as array_out text or as nested lists. Stateless and thread-safe.
 */
public final class BinaryArrays {
    static final int MAXDIM = 6;

    private BinaryArrays() {
    }

    /** Parsed header: dims, lower bounds, element type and the offset of the first element. */
    private record Header(int[] dims, int[] lbounds, ColumnType element, int dataStart, int count) {
    }

    private static Header header(ColumnType t, byte[] a, int off, int len) {
        if (len < 12) {
            throw new BadValue("binary array needs at least 12 bytes, got " + len);
        }
        int ndim = Bytes.getInt(a, off);
        int elemOid = Bytes.getInt(a, off + 8);
        if (ndim < 0 || ndim > MAXDIM) {
            throw new BadValue("binary array has " + ndim + " dimensions (0.." + MAXDIM + " allowed)");
        }
        if (len < 12 + 8 * ndim) {
            throw new BadValue("binary array header of " + ndim + " dimensions runs past the value's " + len + " bytes");
        }
        int[] dims = new int[ndim];
        int[] lbs = new int[ndim];
        long count = ndim == 0 ? 0 : 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = Bytes.getInt(a, off + 12 + 8 * i);
            lbs[i] = Bytes.getInt(a, off + 16 + 8 * i);
            if (dims[i] < 0) {
                throw new BadValue("binary array has negative dimension " + dims[i]);
            }
            count *= dims[i];
            if (count > (len - 12 - 8L * ndim) / 4) {
                throw new BadValue("binary array claims more elements than its " + len + " bytes can hold");
            }
            if ((long) lbs[i] + dims[i] - 1 > Integer.MAX_VALUE) {
                throw new BadValue("binary array upper bound overflows");
            }
        }
        ColumnType element = elementType(t, elemOid);
        if (element.logical() == LogicalType.OTHER) {
            throw BinaryText.noReader(t);
        }
        return new Header(dims, lbs, element, off + 12 + 8 * ndim, (int) count);
    }

    static ColumnType elementType(ColumnType arrayType, int elemOid) {
        ColumnType declared = arrayType.element();
        if (declared != null && declared.logical() != LogicalType.OTHER) {
            return declared;
        }
        ColumnType builtin = io.doriscdc.pgoutput.PgTypes.builtin(elemOid);
        if (builtin != null) {
            return builtin;
        }
        return declared != null ? declared : ColumnType.of(elemOid, -1, LogicalType.OTHER, "oid " + elemOid);
    }

    public static String toText(ColumnType t, byte[] a, int off, int len) {
        Header h = header(t, a, off, len);
        StringBuilder sb = new StringBuilder(len + 8);
        int ndim = h.dims.length;
        if (ndim == 0 || h.count == 0) {
            checkEnd(h.dataStart, off + len);
            return "{}";
        }
        boolean decorate = false;
        for (int lb : h.lbounds) {
            decorate |= lb != 1;
        }
        if (decorate) {
            for (int i = 0; i < ndim; i++) {
                sb.append('[').append(h.lbounds[i]).append(':').append(h.lbounds[i] + h.dims[i] - 1).append(']');
            }
            sb.append('=');
        }
        int[] pos = {h.dataStart};
        char delim = delimiter(h.element);
        appendLevel(sb, h, 0, a, pos, off + len, delim);
        checkEnd(pos[0], off + len);
        return sb.toString();
    }

    private static void checkEnd(int pos, int end) {
        if (pos != end) {
            throw new BadValue("binary array has " + (end - pos) + " trailing bytes");
        }
    }

    static char delimiter(ColumnType element) {
        return element.oid() == 603 ? ';' : ','; // box is the only built-in type with typdelim ';'
    }

    private static void appendLevel(StringBuilder sb, Header h, int dim, byte[] a, int[] pos, int end, char delim) {
        sb.append('{');
        for (int i = 0; i < h.dims[dim]; i++) {
            if (i > 0) {
                sb.append(delim);
            }
            if (dim + 1 < h.dims.length) {
                appendLevel(sb, h, dim + 1, a, pos, end, delim);
            } else {
                int elen = elementLength(a, pos, end);
                if (elen < 0) {
                    sb.append("NULL");
                } else {
                    appendQuoted(sb, BinaryText.toText(h.element, a, pos[0], elen), delim);
                    pos[0] += elen;
                }
            }
        }
        sb.append('}');
    }

    private static int elementLength(byte[] a, int[] pos, int end) {
        if (end - pos[0] < 4) {
            throw new BadValue("binary array element length runs past the end of the value");
        }
        int elen = Bytes.getInt(a, pos[0]);
        pos[0] += 4;
        if (elen < -1 || elen > end - pos[0]) {
            throw new BadValue("binary array element length " + elen + " runs past the end of the value");
        }
        return elen;
    }

    /** array_out's quoting of one element. */
    static void appendQuoted(StringBuilder sb, String s, char delim) {
        boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == '"' || c == '\\' || c == '{' || c == '}' || c == delim || c == ' ' || c == '\t' || c == '\n'
                    || c == '\r' || c == 0x0B || c == '\f';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** The array as nested lists of element objects (see {@link Values#object}). */
    public static List<Object> toList(ColumnType t, byte[] a, int off, int len) {
        Header h = header(t, a, off, len);
        if (h.dims.length == 0 || h.count == 0) {
            checkEnd(h.dataStart, off + len);
            return Collections.emptyList();
        }
        int[] pos = {h.dataStart};
        List<Object> out = level(h, 0, a, pos, off + len);
        checkEnd(pos[0], off + len);
        return out;
    }

    private static List<Object> level(Header h, int dim, byte[] a, int[] pos, int end) {
        List<Object> list = new ArrayList<>(h.dims[dim]);
        for (int i = 0; i < h.dims[dim]; i++) {
            if (dim + 1 < h.dims.length) {
                list.add(level(h, dim + 1, a, pos, end));
            } else {
                int elen = elementLength(a, pos, end);
                if (elen < 0) {
                    list.add(null);
                } else {
                    list.add(Values.object(h.element, a, pos[0], elen, true));
                    pos[0] += elen;
                }
            }
        }
        return Collections.unmodifiableList(list);
    }
}
