package io.doriscdc.api;

/**
 * A PostgreSQL log sequence number: an unsigned 64-bit position in the write-ahead log, written
 * as two hexadecimal halves {@code 16/B374D848}.
 *
 * <p>Comparison is unsigned, so {@code FFFFFFFF/FFFFFFFF} is the largest LSN. {@link #INVALID}
 * ({@code 0/0}) is PostgreSQL's InvalidXLogRecPtr. Immutable and thread-safe.
 *
 * @param value the raw 64-bit value (unsigned)
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** {@code 0/0}, PostgreSQL's InvalidXLogRecPtr. */
    public static final Lsn INVALID = new Lsn(0);

    /** {@code FFFFFFFF/FFFFFFFF}, the largest possible LSN. */
    public static final Lsn MAX = new Lsn(-1L);

    /** Returns the LSN of the given raw value. */
    public static Lsn of(long value) {
        return value == 0 ? INVALID : new Lsn(value);
    }

    /**
     * Parses the text form {@code X/Y} where X and Y are 1 to 8 hexadecimal digits (either case).
     *
     * @throws IllegalArgumentException naming the text when it is not a valid LSN
     */
    public static Lsn parse(CharSequence text) {
        if (text == null) {
            throw new IllegalArgumentException("LSN text is null; expected the form X/Y, e.g. 16/B374D848");
        }
        int slash = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                if (slash >= 0) {
                    throw invalid(text, "more than one '/'");
                }
                slash = i;
            }
        }
        if (slash < 0) {
            throw invalid(text, "no '/'");
        }
        long high = parseHalf(text, 0, slash);
        long low = parseHalf(text, slash + 1, text.length());
        return of((high << 32) | low);
    }

    private static long parseHalf(CharSequence text, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 8) {
            throw invalid(text, "each half must have 1 to 8 hexadecimal digits");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0) {
                throw invalid(text, "'" + text.charAt(i) + "' is not a hexadecimal digit");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static IllegalArgumentException invalid(CharSequence text, String why) {
        return new IllegalArgumentException(
                "invalid LSN '" + text + "': " + why + "; expected the form X/Y, e.g. 16/B374D848");
    }

    /** True unless this is {@code 0/0}. */
    public boolean isValid() {
        return value != 0;
    }

    /**
     * Bytes from {@code older} to this LSN: how far this position is ahead. Negative when
     * {@code older} is ahead. Saturates at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}.
     */
    public long bytesSince(Lsn older) {
        long diff = value - older.value;
        // unsigned overflow check: the sign of the true difference is given by the unsigned compare
        int cmp = Long.compareUnsigned(value, older.value);
        if (cmp > 0 && diff < 0) {
            return Long.MAX_VALUE;
        }
        if (cmp < 0 && diff > 0) {
            return Long.MIN_VALUE;
        }
        return diff;
    }

    /** This LSN moved forward by {@code bytes} (which may be negative). */
    public Lsn plus(long bytes) {
        return of(value + bytes);
    }

    /** The later of the two. */
    public static Lsn max(Lsn a, Lsn b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The earlier of the two. */
    public static Lsn min(Lsn a, Lsn b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public boolean isAfter(Lsn other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(Lsn other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    /** The PostgreSQL text form, upper-case hex without leading zeros: {@code 16/B374D848}. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
