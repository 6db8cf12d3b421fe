package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.schema.ColumnType;

/**
 * Turns a binary ('b') value into PostgreSQL's exact text form (default output settings; timestamptz
 * in UTC as {@code +00}). Types without a binary reader ({@link io.doriscdc.api.schema.LogicalType#OTHER})
 * fail with a {@link BadValue} that says so rather than return anything inexact. Stateless and thread-safe.
 */
public final class BinaryText {
    /** OID of the single-byte {@code "char"} type. */
    static final int CHAR_OID = 18;

    private BinaryText() {
    }

    static void expectLength(int len, int expected, ColumnType t) {
        if (len != expected) {
            throw new BadValue("binary " + t.name() + " must be " + expected + " bytes, got " + len);
        }
    }

    public static String toText(ColumnType t, byte[] a, int off, int len) {
        switch (t.logical()) {
            case BOOLEAN -> {
                expectLength(len, 1, t);
                return a[off] != 0 ? "t" : "f";
            }
            case INT16 -> {
                expectLength(len, 2, t);
                return Integer.toString(Bytes.getShort(a, off));
            }
            case INT32 -> {
                expectLength(len, 4, t);
                return Integer.toString(Bytes.getInt(a, off));
            }
            case INT64 -> {
                expectLength(len, 8, t);
                return Long.toString(Bytes.getLong(a, off));
            }
            case OID -> {
                if (len == 8) {
                    return Long.toUnsignedString(Bytes.getLong(a, off));
                }
                expectLength(len, 4, t);
                return Long.toString(Bytes.getInt(a, off) & 0xffffffffL);
            }
            case FLOAT32 -> {
                expectLength(len, 4, t);
                return FloatText.float4(Float.intBitsToFloat(Bytes.getInt(a, off)));
            }
            case FLOAT64 -> {
                expectLength(len, 8, t);
                return FloatText.float8(Double.longBitsToDouble(Bytes.getLong(a, off)));
            }
            case NUMERIC -> {
                return Numerics.text(a, off, len);
            }
            case MONEY -> {
                expectLength(len, 8, t);
                return NetText.money(Bytes.getLong(a, off));
            }
            case TEXT, JSON, XML, ENUM, JSONB -> {
                if (t.oid() == CHAR_OID) {
                    return charText(a, off, len);
                }
                int skip = rawTextStart(t, a, off, len);
                if (skip < 0) {
                    throw new BadValue("binary jsonb must start with version byte 1");
                }
                return Utf8.string(a, off + skip, len - skip);
            }
            case BYTES -> {
                return NetText.byteaHex(a, off, len);
            }
            case UUID -> {
                return NetText.uuid(a, off, len);
            }
            case DATE -> {
                expectLength(len, 4, t);
                StringBuilder sb = new StringBuilder(16);
                DateTimes.formatDate(sb, Bytes.getInt(a, off));
                return sb.toString();
            }
            case TIME -> {
                expectLength(len, 8, t);
                StringBuilder sb = new StringBuilder(16);
                DateTimes.formatTime(sb, checkTime(Bytes.getLong(a, off)));
                return sb.toString();
            }
            case TIMETZ -> {
                expectLength(len, 12, t);
                StringBuilder sb = new StringBuilder(24);
                DateTimes.formatTime(sb, checkTime(Bytes.getLong(a, off)));
                DateTimes.formatZone(sb, checkZone(Bytes.getInt(a, off + 8)));
                return sb.toString();
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                expectLength(len, 8, t);
                StringBuilder sb = new StringBuilder(32);
                DateTimes.formatTimestamp(sb, Bytes.getLong(a, off), t.logical() == io.doriscdc.api.schema.LogicalType.TIMESTAMPTZ);
                return sb.toString();
            }
            case INTERVAL -> {
                expectLength(len, 16, t);
                StringBuilder sb = new StringBuilder(40);
                DateTimes.formatInterval(sb, Bytes.getInt(a, off + 12), Bytes.getInt(a, off + 8), Bytes.getLong(a, off));
                return sb.toString();
            }
            case INET -> {
                return NetText.inet(a, off, len, false);
            }
            case CIDR -> {
                return NetText.inet(a, off, len, true);
            }
            case MACADDR -> {
                return NetText.mac(a, off, len, 6);
            }
            case MACADDR8 -> {
                return NetText.mac(a, off, len, 8);
            }
            case BIT -> {
                return NetText.bits(a, off, len);
            }
            case ARRAY -> {
                return BinaryArrays.toText(t, a, off, len);
            }
            default -> throw noReader(t);
        }
    }

    static BadValue noReader(ColumnType t) {
        return new BadValue("the binary form of type " + t.name() + " (OID " + t.oid() + ") cannot be rendered as "
                + "PostgreSQL's exact text by this decoder; replicate tables with such columns with binary=false "
                + "(see PgTypes.binaryReadable)");
    }

    static long checkTime(long micros) {
        if (micros < 0 || micros > DateTimes.MICROS_PER_DAY) {
            throw new BadValue("binary time " + micros + " µs is outside 00:00:00..24:00:00");
        }
        return micros;
    }

    static int checkZone(int zone) {
        if (zone < -15 * 3600 - 59 * 60 - 59 || zone > 15 * 3600 + 59 * 60 + 59) {
            throw new BadValue("binary time zone offset " + zone + " s is out of range");
        }
        return zone;
    }

    private static String charText(byte[] a, int off, int len) {
        if (len == 0 || a[off] == 0) {
            return "";
        }
        if (len != 1) {
            throw new BadValue("binary \"char\" must be 1 byte, got " + len);
        }
        int c = a[off] & 0xff;
        if (c < 0x80) {
            return String.valueOf((char) c);
        }
        return "\\" + (c >> 6) + ((c >> 3) & 7) + (c & 7);
    }

    /**
     * Where PostgreSQL's text form starts within a binary value whose binary form is that text
     * (text types, json, xml, enum labels; jsonb after its version byte), or -1 when it is not.
     */
    public static int rawTextStart(ColumnType t, byte[] a, int off, int len) {
        switch (t.logical()) {
            case TEXT -> {
                if (t.oid() == CHAR_OID) {
                    return len == 1 && a[off] > 0 ? 0 : -1;
                }
                return 0;
            }
            case JSON, XML, ENUM -> {
                return 0;
            }
            case JSONB -> {
                return len >= 1 && a[off] == 1 ? 1 : -1;
            }
            default -> {
                return -1;
            }
        }
    }
}
