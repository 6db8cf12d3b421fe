package io.doriscdc.streamload.internal;

/**
 * Writes dates and times as Doris parses them ({@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss[.ffffff]},
 * {@code HH:mm:ss[.ffffff]}) straight into a {@link ByteSink}, without allocating. Stateless.
 */
public final class Temporal {

    static final long MICROS_PER_DAY = 86_400_000_000L;

    private Temporal() {
    }

    /** The proleptic Gregorian year of an epoch day (year 0 is 1 BC). */
    public static long yearOf(long epochDay) {
        return Math.floorDiv(civil(epochDay), 10000);
    }

    /** {@code year*10000 + month*100 + day} of an epoch day (Howard Hinnant's civil_from_days). */
    static long civil(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return y * 10000 + m * 100 + d;
    }

    /** {@code yyyy-MM-dd}; the year must be 0–9999. */
    public static void writeDate(ByteSink out, long epochDay) {
        long c = civil(epochDay);
        out.writePadded(c / 10000, 4);
        out.write('-');
        out.writePadded(c / 100 % 100, 2);
        out.write('-');
        out.writePadded(c % 100, 2);
    }

    /** {@code HH:mm:ss} plus {@code .ffffff} when the micros are not zero. */
    public static void writeTime(ByteSink out, long microsOfDay) {
        long secs = microsOfDay / 1_000_000;
        out.writePadded(secs / 3600, 2);
        out.write(':');
        out.writePadded(secs / 60 % 60, 2);
        out.write(':');
        out.writePadded(secs % 60, 2);
        long frac = microsOfDay % 1_000_000;
        if (frac != 0) {
            out.write('.');
            out.writePadded(frac, 6);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} of microseconds since 1970-01-01 00:00 (UTC for timestamptz). */
    public static void writeTimestamp(ByteSink out, long epochMicros) {
        long day = Math.floorDiv(epochMicros, MICROS_PER_DAY);
        writeDate(out, day);
        out.write(' ');
        writeTime(out, epochMicros - day * MICROS_PER_DAY);
    }

    /** The epoch day of a timestamp's microseconds. */
    public static long dayOf(long epochMicros) {
        return Math.floorDiv(epochMicros, MICROS_PER_DAY);
    }
}
