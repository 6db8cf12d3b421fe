package io.doriscdc.pgoutput.internal;

import java.math.BigDecimal;

/**
 * Parsers for the text output forms of bool, integers, money and bytea (hex or escape), reading
 * UTF-8 bytes in place. Malformed text gives {@link BadValue}. Stateless and thread-safe.
 */
public final class TextScalars {
    private TextScalars() {
    }

    public static boolean bool(byte[] a, int off, int len) {
        if (len == 1 && a[off] == 't') {
            return true;
        }
        if (len == 1 && a[off] == 'f') {
            return false;
        }
        throw BadValue.text(a, off, len, "boolean");
    }

    public static long parseLong(byte[] a, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (a[i] == '-' || a[i] == '+')) {
            neg = a[i] == '-';
            i++;
        }
        if (i == end) {
            throw BadValue.text(a, off, len, "integer");
        }
        long v = 0;
        for (; i < end; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9 || v < -922_337_203_685_477_580L || (v == -922_337_203_685_477_580L && d > 8)) {
                throw BadValue.text(a, off, len, "integer");
            }
            v = v * 10 - d; // accumulate negatively to reach Long.MIN_VALUE
        }
        if (!neg && v == Long.MIN_VALUE) {
            throw BadValue.text(a, off, len, "integer");
        }
        return neg ? v : -v;
    }

    /** money text such as {@code -$1,234.56} or {@code ($1.00)}: digits, '.', and a sign. */
    public static BigDecimal money(byte[] a, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        boolean neg = false;
        int scale = -1;
        for (int i = off; i < off + len; i++) {
            byte b = a[i];
            if (b >= '0' && b <= '9') {
                sb.append((char) b);
                if (scale >= 0) {
                    scale++;
                }
            } else if (b == '.') {
                scale = 0;
            } else if (b == '-' || b == '(') {
                neg = true;
            }
        }
        if (sb.length() == 0) {
            throw BadValue.text(a, off, len, "money");
        }
        BigDecimal v = new BigDecimal(new java.math.BigInteger(sb.toString()), Math.max(scale, 0));
        return neg ? v.negate() : v;
    }

    /** bytea text: hex ({@code \x...}) or escape format. */
    public static byte[] bytea(byte[] a, int off, int len) {
        if (len >= 2 && a[off] == '\\' && a[off + 1] == 'x') {
            if ((len & 1) != 0) {
                throw BadValue.text(a, off, len, "bytea");
            }
            byte[] out = new byte[(len - 2) / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(a[off + 2 + 2 * i], 16);
                int lo = Character.digit(a[off + 3 + 2 * i], 16);
                if (hi < 0 || lo < 0) {
                    throw BadValue.text(a, off, len, "bytea");
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(len);
        for (int i = off; i < off + len; i++) {
            if (a[i] != '\\') {
                out.write(a[i]);
            } else if (i + 1 < off + len && a[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < off + len) {
                int v = 0;
                for (int k = 1; k <= 3; k++) {
                    int d = a[i + k] - '0';
                    if (d < 0 || d > 7) {
                        throw BadValue.text(a, off, len, "bytea");
                    }
                    v = v * 8 + d;
                }
                out.write(v);
                i += 3;
            } else {
                throw BadValue.text(a, off, len, "bytea");
            }
        }
        return out.toByteArray();
    }
}
