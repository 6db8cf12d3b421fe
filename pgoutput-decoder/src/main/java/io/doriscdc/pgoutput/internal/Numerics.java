package io.doriscdc.pgoutput.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * numeric's binary form (numeric_send): int16 ndigits, int16 weight, uint16 sign, uint16 dscale,
 * then ndigits base-10000 digits; sign 0xC000 = NaN, 0xD000 = +Infinity, 0xF000 = -Infinity.
 * Stateless and thread-safe.
 */
public final class Numerics {
    private static final int POS = 0x0000;
    private static final int NEG = 0x4000;
    private static final int NAN = 0xC000;
    private static final int PINF = 0xD000;
    private static final int NINF = 0xF000;
    private static final double[] POW10 = new double[23];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i);
        }
    }

    private Numerics() {
    }

    private static int checkHeader(byte[] a, int off, int len) {
        if (len < 8) {
            throw new BadValue("binary numeric needs at least 8 bytes, got " + len);
        }
        int ndigits = Bytes.getShort(a, off);
        if (ndigits < 0 || len != 8 + 2 * ndigits) {
            throw new BadValue("binary numeric with " + ndigits + " digits cannot be " + len + " bytes long");
        }
        int sign = Bytes.getUShort(a, off + 4);
        if (sign != POS && sign != NEG && sign != NAN && sign != PINF && sign != NINF) {
            throw new BadValue("binary numeric has invalid sign 0x" + Integer.toHexString(sign));
        }
        int dscale = Bytes.getUShort(a, off + 6);
        if ((dscale & ~0x3FFF) != 0) {
            throw new BadValue("binary numeric has invalid display scale " + dscale);
        }
        return ndigits;
    }

    private static Double special(int sign) {
        return switch (sign) {
            case NAN -> Double.NaN;
            case PINF -> Double.POSITIVE_INFINITY;
            case NINF -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** The value: a {@link BigDecimal} with scale = dscale, or a Double for NaN and ±Infinity. */
    public static Object decode(byte[] a, int off, int len) {
        int ndigits = checkHeader(a, off, len);
        int weight = Bytes.getShort(a, off + 2);
        int sign = Bytes.getUShort(a, off + 4);
        int dscale = Bytes.getUShort(a, off + 6);
        Double sp = special(sign);
        if (sp != null) {
            return sp;
        }
        BigInteger unscaled;
        if (ndigits <= 4) {
            long v = 0;
            for (int i = 0; i < ndigits; i++) {
                v = v * 10_000 + digit(a, off + 8 + 2 * i);
            }
            unscaled = BigInteger.valueOf(v);
        } else {
            char[] chars = new char[ndigits * 4];
            for (int i = 0; i < ndigits; i++) {
                int d = digit(a, off + 8 + 2 * i);
                chars[4 * i] = (char) ('0' + d / 1000);
                chars[4 * i + 1] = (char) ('0' + d / 100 % 10);
                chars[4 * i + 2] = (char) ('0' + d / 10 % 10);
                chars[4 * i + 3] = (char) ('0' + d % 10);
            }
            unscaled = new BigInteger(new String(chars));
        }
        BigDecimal v = new BigDecimal(unscaled, (ndigits - 1 - weight) * 4);
        v = v.setScale(dscale, RoundingMode.DOWN);
        return sign == NEG ? v.negate() : v;
    }

    /**
     * numeric_out of a finite value straight from the binary form into {@code out} (ASCII), or -1 when
     * it is NaN or infinite or needs more than {@code room} bytes. Allocates nothing.
     */
    public static int writeText(byte[] a, int off, int len, byte[] out, int at, int room) {
        int ndigits = checkHeader(a, off, len);
        int weight = Bytes.getShort(a, off + 2);
        int sign = Bytes.getUShort(a, off + 4);
        int dscale = Bytes.getUShort(a, off + 6);
        if (sign != POS && sign != NEG) {
            return -1;
        }
        // integer part: base-10000 digits 0..weight (missing ones are zero), the first without leading zeros
        int intGroups = Math.max(weight + 1, 0);
        int need = (sign == NEG ? 1 : 0) + Math.max(intGroups * 4, 1) + (dscale > 0 ? 1 + dscale : 0);
        if (need > room) {
            return -1;
        }
        int p = at;
        if (sign == NEG) {
            out[p++] = '-';
        }
        if (intGroups == 0) {
            out[p++] = '0';
        } else {
            boolean leading = true;
            for (int g = 0; g < intGroups; g++) {
                int d = g < ndigits ? digit(a, off + 8 + 2 * g) : 0;
                for (int div = 1000; div > 0; div /= 10) {
                    int x = d / div % 10;
                    if (leading && x == 0 && !(g == intGroups - 1 && div == 1)) {
                        continue;
                    }
                    leading = false;
                    out[p++] = (byte) ('0' + x);
                }
            }
        }
        if (dscale > 0) {
            out[p++] = '.';
            // fraction digits: group weight+1+k holds fraction digits 4k..4k+3 (k from 0); groups before it are zeros
            for (int i = 0; i < dscale; i++) {
                int group = weight + 1 + i / 4; // index into the digit array
                int d = group >= 0 && group < ndigits ? digit(a, off + 8 + 2 * group) : 0;
                int div = switch (i % 4) {
                    case 0 -> 1000;
                    case 1 -> 100;
                    case 2 -> 10;
                    default -> 1;
                };
                out[p++] = (byte) ('0' + d / div % 10);
            }
        }
        return p - at;
    }

    private static int digit(byte[] a, int i) {
        int d = Bytes.getShort(a, i);
        if (d < 0 || d > 9999) {
            throw new BadValue("binary numeric has invalid base-10000 digit " + d);
        }
        return d;
    }

    /** The value as a double (may round), without allocating for up to 16 significant digits. */
    public static double toDouble(byte[] a, int off, int len) {
        int ndigits = checkHeader(a, off, len);
        int weight = Bytes.getShort(a, off + 2);
        int sign = Bytes.getUShort(a, off + 4);
        Double sp = special(sign);
        if (sp != null) {
            return sp;
        }
        if (ndigits <= 4) {
            long v = 0;
            for (int i = 0; i < ndigits; i++) {
                v = v * 10_000 + digit(a, off + 8 + 2 * i);
            }
            int exp10 = (weight - ndigits + 1) * 4;
            double d;
            if (v == 0) {
                d = 0;
            } else if (Math.abs(exp10) < POW10.length && v < (1L << 53)) {
                // both operands exact: one correctly rounded operation
                d = exp10 >= 0 ? v * POW10[exp10] : v / POW10[-exp10];
            } else {
                d = ((BigDecimal) decode(a, off, len)).abs().doubleValue();
            }
            return sign == NEG ? -d : d;
        }
        return ((BigDecimal) decode(a, off, len)).doubleValue();
    }

    /** numeric_out: plain notation with exactly dscale fraction digits; NaN, Infinity, -Infinity. */
    public static String text(byte[] a, int off, int len) {
        Object v = decode(a, off, len);
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        return ((BigDecimal) v).toPlainString();
    }
}
