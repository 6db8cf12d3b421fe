package io.doriscdc.pgoutput.internal;

import io.doriscdc.api.value.PgInterval;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * Parsers for PostgreSQL's date/time text output forms (DateStyle ISO, IntervalStyle postgres),
 * reading UTF-8 bytes in place. Primitive results are computed without allocation.
 * Malformed text gives {@link BadValue}. Stateless and thread-safe.
 */
public final class TextValues {
    /** Above any year PostgreSQL prints (dates end in 5874897), far below where a day count overflows. */
    private static final long MAX_YEAR = 99_999_999L;

    private TextValues() {
    }

    static boolean eq(byte[] a, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (a[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A cursor over text; small and short-lived so that escape analysis can drop it. */
    static final class Scan {
        final byte[] a;
        final int start;
        final int end;
        int p;

        Scan(byte[] a, int off, int len) {
            this.a = a;
            this.start = off;
            this.p = off;
            this.end = off + len;
        }

        BadValue bad(String what) {
            return BadValue.text(a, start, end - start, what);
        }

        boolean at(char c) {
            return p < end && a[p] == c;
        }

        void expect(char c, String what) {
            if (!at(c)) {
                throw bad(what);
            }
            p++;
        }

        /** At least {@code min} digits; at most 18. */
        long digits(int min, String what) {
            int s = p;
            long v = 0;
            while (p < end && a[p] >= '0' && a[p] <= '9' && p - s < 18) {
                v = v * 10 + (a[p++] - '0');
            }
            if (p - s < min) {
                throw bad(what);
            }
            return v;
        }

        /** Fraction after '.', as microseconds (rounded down past 6 digits). */
        int micros() {
            if (!at('.')) {
                return 0;
            }
            p++;
            int v = 0;
            int n = 0;
            while (p < end && a[p] >= '0' && a[p] <= '9') {
                if (n < 6) {
                    v = v * 10 + (a[p] - '0');
                    n++;
                }
                p++;
            }
            for (; n < 6; n++) {
                v *= 10;
            }
            return v;
        }

        boolean rest(String s) {
            return eq(a, p, end - p, s);
        }
    }

    /** Days since 1970-01-01; Long.MIN/MAX for -infinity/infinity. */
    public static long dateDays(byte[] a, int off, int len) {
        if (eq(a, off, len, "infinity")) {
            return Long.MAX_VALUE;
        }
        if (eq(a, off, len, "-infinity")) {
            return Long.MIN_VALUE;
        }
        Scan s = new Scan(a, off, len);
        long days = date(s, "date");
        if (s.p != s.end && !s.rest(" BC")) {
            throw s.bad("date");
        }
        return days;
    }

    private static long date(Scan s, String what) {
        long y = s.digits(1, what);
        if (y > MAX_YEAR) { // PostgreSQL prints at most 5874897; far larger years would overflow the day count
            throw s.bad(what);
        }
        s.expect('-', what);
        int m = (int) s.digits(2, what);
        s.expect('-', what);
        int d = (int) s.digits(2, what);
        if (m < 1 || m > 12 || d < 1 || d > 31) {
            throw s.bad(what);
        }
        boolean bc = s.end - s.p >= 3 && eq(s.a, s.end - 3, 3, " BC");
        if (bc) {
            y = 1 - y;
        }
        return DateTimes.daysFromCivil(y, m, d);
    }

    /** Microseconds of the day of HH:MM:SS[.ffffff]. */
    private static long time(Scan s, String what) {
        long h = s.digits(2, what);
        s.expect(':', what);
        long mi = s.digits(2, what);
        s.expect(':', what);
        long se = s.digits(2, what);
        if (h > 24 || mi > 59 || se > 60) {
            throw s.bad(what);
        }
        return ((h * 60 + mi) * 60 + se) * 1_000_000L + s.micros();
    }

    /** Seconds east of UTC of +HH[:MM[:SS]]. */
    private static int zone(Scan s, String what) {
        boolean neg;
        if (s.at('+')) {
            neg = false;
        } else if (s.at('-')) {
            neg = true;
        } else {
            throw s.bad(what);
        }
        s.p++;
        long secs = s.digits(2, what) * 3600;
        if (s.at(':')) {
            s.p++;
            secs += s.digits(2, what) * 60;
            if (s.at(':')) {
                s.p++;
                secs += s.digits(2, what);
            }
        }
        return (int) (neg ? -secs : secs);
    }

    public static long timeMicros(byte[] a, int off, int len) {
        Scan s = new Scan(a, off, len);
        long t = time(s, "time");
        if (s.p != s.end) {
            throw s.bad("time");
        }
        return t;
    }

    public static OffsetTime timetz(byte[] a, int off, int len) {
        Scan s = new Scan(a, off, len);
        long t = time(s, "timetz");
        int z = zone(s, "timetz");
        if (s.p != s.end) {
            throw s.bad("timetz");
        }
        return OffsetTime.of(localTime(t), ZoneOffset.ofTotalSeconds(z));
    }

    public static LocalTime localTime(long micros) {
        return micros >= DateTimes.MICROS_PER_DAY ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    /** Microseconds since 2000-01-01 (UTC for timestamptz); Long.MIN/MAX for -infinity/infinity. */
    public static long timestampPgMicros(byte[] a, int off, int len, boolean withZone) {
        if (eq(a, off, len, "infinity")) {
            return Long.MAX_VALUE;
        }
        if (eq(a, off, len, "-infinity")) {
            return Long.MIN_VALUE;
        }
        String what = withZone ? "timestamptz" : "timestamp";
        Scan s = new Scan(a, off, len);
        long days = date(s, what);
        s.expect(' ', what);
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(days - DateTimes.PG_EPOCH_DAYS, DateTimes.MICROS_PER_DAY), time(s, what));
            if (withZone) {
                micros = Math.subtractExact(micros, zone(s, what) * 1_000_000L);
            }
        } catch (ArithmeticException e) {
            throw new BadValue(what + " is outside the range of PostgreSQL timestamps");
        }
        if (s.p != s.end && !s.rest(" BC")) {
            throw s.bad(what);
        }
        return micros;
    }

    /** IntervalStyle postgres: {@code 1 year 2 mons -3 days +04:05:06.5}; also PG17's ±infinity. */
    public static PgInterval interval(byte[] a, int off, int len) {
        if (eq(a, off, len, "infinity")) {
            return new PgInterval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
        }
        if (eq(a, off, len, "-infinity")) {
            return new PgInterval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE);
        }
        Scan s = new Scan(a, off, len);
        long months = 0;
        long days = 0;
        long micros = 0;
        while (s.p < s.end) {
            boolean neg = s.at('-');
            if (neg || s.at('+')) {
                s.p++;
            }
            int numStart = s.p;
            long n = s.digits(1, "interval");
            if (s.at(':')) {
                s.p = numStart;
                long h = s.digits(1, "interval");
                s.expect(':', "interval");
                long mi = s.digits(2, "interval");
                s.expect(':', "interval");
                long se = s.digits(2, "interval");
                long t = ((h * 60 + mi) * 60 + se) * 1_000_000L + s.micros();
                micros = neg ? -t : t;
            } else {
                s.expect(' ', "interval");
                if (neg) {
                    n = -n;
                }
                if (startsWith(s, "years")) {
                    months += n * 12;
                    s.p += 5;
                } else if (startsWith(s, "year")) {
                    months += n * 12;
                    s.p += 4;
                } else if (startsWith(s, "mons")) {
                    months += n;
                    s.p += 4;
                } else if (startsWith(s, "mon")) {
                    months += n;
                    s.p += 3;
                } else if (startsWith(s, "days")) {
                    days += n;
                    s.p += 4;
                } else if (startsWith(s, "day")) {
                    days += n;
                    s.p += 3;
                } else {
                    throw s.bad("interval");
                }
            }
            if (s.at(' ')) {
                s.p++;
            } else if (s.p != s.end) {
                throw s.bad("interval");
            }
        }
        if (months != (int) months || days != (int) days) {
            throw s.bad("interval");
        }
        return new PgInterval((int) months, (int) days, micros);
    }

    private static boolean startsWith(Scan s, String w) {
        return s.end - s.p >= w.length() && eq(s.a, s.p, w.length(), w);
    }

}
