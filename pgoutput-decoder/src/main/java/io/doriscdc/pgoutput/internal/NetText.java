package io.doriscdc.pgoutput.internal;

/**
 * inet/cidr (inet_send: family, bits, is_cidr, address length, address) and macaddr/macaddr8 in
 * PostgreSQL's output form. Stateless and thread-safe.
 */
public final class NetText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private NetText() {
    }

    public static String inet(byte[] a, int off, int len, boolean cidrType) {
        if (len < 4) {
            throw new BadValue("binary inet needs at least 4 bytes, got " + len);
        }
        int family = a[off] & 0xff;
        int bits = a[off + 1] & 0xff;
        int nb = a[off + 3] & 0xff;
        int expected = family == 2 ? 4 : family == 3 ? 16 : -1;
        if (expected < 0 || nb != expected || len != 4 + nb || bits > nb * 8) {
            throw new BadValue("invalid binary inet (family " + family + ", " + bits + " bits, " + nb + " address bytes, length " + len + ")");
        }
        StringBuilder sb = new StringBuilder(48);
        int p = off + 4;
        if (family == 2) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(a[p + i] & 0xff);
            }
        } else {
            ipv6(sb, a, p);
        }
        if (bits != nb * 8 || cidrType) {
            sb.append('/').append(bits);
        }
        return sb.toString();
    }

    private static void ipv6(StringBuilder sb, byte[] a, int p) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = Bytes.getUShort(a, p + 2 * i);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 7 && w[7] != 1) || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(a[p + 12] & 0xff).append('.').append(a[p + 13] & 0xff).append('.')
                        .append(a[p + 14] & 0xff).append('.').append(a[p + 15] & 0xff);
                return;
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
    }

    /** macaddr (6 bytes) or macaddr8 (8 bytes): lower-case hex pairs separated by ':'. */
    public static String mac(byte[] a, int off, int len, int expected) {
        if (len != expected) {
            throw new BadValue("binary " + (expected == 6 ? "macaddr" : "macaddr8") + " must be " + expected + " bytes, got " + len);
        }
        char[] out = new char[len * 3 - 1];
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                out[3 * i - 1] = ':';
            }
            out[3 * i] = HEX[(a[off + i] >> 4) & 0xf];
            out[3 * i + 1] = HEX[a[off + i] & 0xf];
        }
        return new String(out);
    }

    /** bytea_output = hex. */
    public static String byteaHex(byte[] a, int off, int len) {
        char[] out = new char[2 + 2 * len];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < len; i++) {
            out[2 + 2 * i] = HEX[(a[off + i] >> 4) & 0xf];
            out[3 + 2 * i] = HEX[a[off + i] & 0xf];
        }
        return new String(out);
    }

    public static String uuid(byte[] a, int off, int len) {
        if (len != 16) {
            throw new BadValue("binary uuid must be 16 bytes, got " + len);
        }
        char[] out = new char[36];
        int o = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[o++] = '-';
            }
            out[o++] = HEX[(a[off + i] >> 4) & 0xf];
            out[o++] = HEX[a[off + i] & 0xf];
        }
        return new String(out);
    }

    /** bit/varbit (int32 bit length, then the bits, most significant first). */
    public static String bits(byte[] a, int off, int len) {
        if (len < 4) {
            throw new BadValue("binary bit string needs at least 4 bytes, got " + len);
        }
        int n = Bytes.getInt(a, off);
        if (n < 0 || (n + 7L) / 8 != len - 4) {
            throw new BadValue("binary bit string of " + n + " bits cannot be " + len + " bytes long");
        }
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((a[off + 4 + (i >> 3)] >> (7 - (i & 7))) & 1) != 0 ? '1' : '0';
        }
        return new String(out);
    }

    /** money (int64 cents) as cash_out prints it with lc_monetary C or en_US: {@code -$1,234.56}. */
    public static String money(long cents) {
        String digits = Long.toUnsignedString(cents < 0 ? -cents : cents);
        StringBuilder sb = new StringBuilder(32);
        if (cents < 0) {
            sb.append('-');
        }
        sb.append('$');
        while (digits.length() < 3) {
            digits = "0" + digits;
        }
        int intLen = digits.length() - 2;
        for (int i = 0; i < intLen; i++) {
            if (i > 0 && (intLen - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(digits.charAt(i));
        }
        return sb.append('.').append(digits, intLen, digits.length()).toString();
    }
}
