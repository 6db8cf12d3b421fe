package io.doriscdc.pgoutput.internal;

/**
 * Calendar arithmetic (proleptic Gregorian, year 0 = 1 BC) and PostgreSQL's ISO/postgres output
 * forms of date, time, timetz, timestamp[tz] and interval. Stateless and thread-safe.
 */
public final class DateTimes {
    /** Days from 1970-01-01 to 2000-01-01. */
    public static final int PG_EPOCH_DAYS = 10_957;
    public static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    private DateTimes() {
    }

    /** Days since 1970-01-01 of a civil date (algorithm of H. Hinnant, exact for any int year). */
    public static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Civil date of days since 1970-01-01, packed as year * 10000 + month * 100 + day (year may be ≤ 0). */
    public static long civilFromDays(long z) {
        z += 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        return y * 10_000 + (y < 0 ? -(m * 100 + d) : m * 100 + d);
    }

    static void pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** Appends the date part and returns true when the year is BC. */
    private static boolean appendDate(StringBuilder sb, long unixDays) {
        long packed = civilFromDays(unixDays);
        long y = packed / 10_000;
        long md = Math.abs(packed % 10_000);
        boolean bc = y <= 0;
        pad(sb, bc ? 1 - y : y, 4);
        sb.append('-');
        pad(sb, md / 100, 2);
        sb.append('-');
        pad(sb, md % 100, 2);
        return bc;
    }

    /** {@code date} output from days since 2000-01-01 (int32 MIN/MAX = -infinity/infinity). */
    public static void formatDate(StringBuilder sb, int pgDays) {
        if (pgDays == Integer.MIN_VALUE) {
            sb.append("-infinity");
        } else if (pgDays == Integer.MAX_VALUE) {
            sb.append("infinity");
        } else if (appendDate(sb, (long) pgDays + PG_EPOCH_DAYS)) {
            sb.append(" BC");
        }
    }

    /** HH:MM:SS[.ffffff without trailing zeros]; hours may be 24 or more. */
    public static void formatTime(StringBuilder sb, long micros) {
        long secs = micros / 1_000_000;
        pad(sb, secs / 3600, 2);
        sb.append(':');
        pad(sb, secs / 60 % 60, 2);
        sb.append(':');
        pad(sb, secs % 60, 2);
        appendFraction(sb, (int) (micros % 1_000_000));
    }

    static void appendFraction(StringBuilder sb, int fsec) {
        fsec = Math.abs(fsec);
        if (fsec == 0) {
            return;
        }
        sb.append('.');
        int digits = 6;
        while (fsec % 10 == 0) {
            fsec /= 10;
            digits--;
        }
        pad(sb, fsec, digits);
    }

    /** The zone part of timetz/timestamptz: {@code secondsWest} follows PostgreSQL's sign (positive west of UTC). */
    public static void formatZone(StringBuilder sb, int secondsWest) {
        int sec = Math.abs(secondsWest);
        int min = sec / 60;
        sec -= min * 60;
        int hour = min / 60;
        min -= hour * 60;
        sb.append(secondsWest <= 0 ? '+' : '-');
        pad(sb, hour, 2);
        if (sec != 0) {
            sb.append(':');
            pad(sb, min, 2);
            sb.append(':');
            pad(sb, sec, 2);
        } else if (min != 0) {
            sb.append(':');
            pad(sb, min, 2);
        }
    }

    /** {@code timestamp} / {@code timestamptz} (rendered in UTC, zone {@code +00}) from microseconds since 2000-01-01. */
    public static void formatTimestamp(StringBuilder sb, long pgMicros, boolean withZone) {
        if (pgMicros == Long.MIN_VALUE) {
            sb.append("-infinity");
            return;
        }
        if (pgMicros == Long.MAX_VALUE) {
            sb.append("infinity");
            return;
        }
        long day = Math.floorDiv(pgMicros, MICROS_PER_DAY);
        long tod = Math.floorMod(pgMicros, MICROS_PER_DAY);
        boolean bc = appendDate(sb, day + PG_EPOCH_DAYS);
        sb.append(' ');
        formatTime(sb, tod);
        if (withZone) {
            sb.append("+00");
        }
        if (bc) {
            sb.append(" BC");
        }
    }

    /** {@code interval} in IntervalStyle postgres. */
    public static void formatInterval(StringBuilder sb, int months, int days, long micros) {
        if (months == Integer.MAX_VALUE && days == Integer.MAX_VALUE && micros == Long.MAX_VALUE) {
            sb.append("infinity");
            return;
        }
        if (months == Integer.MIN_VALUE && days == Integer.MIN_VALUE && micros == Long.MIN_VALUE) {
            sb.append("-infinity");
            return;
        }
        int start = sb.length();
        boolean[] before = {false};
        addPart(sb, start, months / 12, "year", before);
        addPart(sb, start, months % 12, "mon", before);
        addPart(sb, start, days, "day", before);
        boolean zero = sb.length() == start;
        long hour = micros / 3_600_000_000L;
        long rest = micros - hour * 3_600_000_000L;
        long min = rest / 60_000_000L;
        rest -= min * 60_000_000L;
        long sec = rest / 1_000_000L;
        long fsec = rest - sec * 1_000_000L;
        if (zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            sb.append(zero ? "" : " ").append(minus ? "-" : before[0] ? "+" : "");
            pad(sb, Math.abs(hour), 2);
            sb.append(':');
            pad(sb, Math.abs(min), 2);
            sb.append(':');
            pad(sb, Math.abs(sec), 2);
            appendFraction(sb, (int) fsec);
        }
    }

    private static void addPart(StringBuilder sb, int start, int value, String unit, boolean[] before) {
        if (value == 0) {
            return;
        }
        sb.append(sb.length() == start ? "" : " ").append(before[0] && value > 0 ? "+" : "").append(value).append(' ')
                .append(unit).append(value != 1 ? "s" : "");
        before[0] = value < 0;
    }
}
