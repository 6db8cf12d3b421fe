package io.doriscdc.pgoutput.internal;

/** Big-endian reads from a byte array; the caller has checked the bounds. Stateless and thread-safe. */
public final class Bytes {
    private Bytes() {
    }

    public static int getShort(byte[] a, int i) {
        return (short) (((a[i] & 0xff) << 8) | (a[i + 1] & 0xff));
    }

    public static int getUShort(byte[] a, int i) {
        return ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
    }

    public static int getInt(byte[] a, int i) {
        return ((a[i] & 0xff) << 24) | ((a[i + 1] & 0xff) << 16) | ((a[i + 2] & 0xff) << 8) | (a[i + 3] & 0xff);
    }

    public static long getLong(byte[] a, int i) {
        return ((long) getInt(a, i) << 32) | (getInt(a, i + 4) & 0xffffffffL);
    }
}
