package io.doriscdc.emulator.internal;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/**
 * Orders keys and sequence values: NULL first, then by natural order of the (same-typed) values.
 * Integers compare numerically whatever their Java type: LARGEINT values are {@link BigInteger}s
 * (the 128-bit range, e.g. 2^64 + 1 above 2^64), the smaller integer types {@code Long}s. Stateless.
 */
final class KeyComparator implements Comparator<List<Object>> {
    static final KeyComparator INSTANCE = new KeyComparator();

    private KeyComparator() {
    }

    @Override
    public int compare(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        if (isInteger(a) && isInteger(b)) {
            return toBigInteger(a).compareTo(toBigInteger(b));
        }
        return a.toString().compareTo(b.toString());
    }

    private static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }
}
