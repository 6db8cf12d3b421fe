package io.doriscdc.api.value;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL's conventions for materialised date/time values: microseconds since 1970 without
 * overflow over PostgreSQL's whole range (4714 BC to 294276 AD), ±infinity as {@code Long.MAX_VALUE}
 * / {@code MIN_VALUE}, and the ISO text output forms (DateStyle ISO, IntervalStyle postgres,
 * timestamptz in UTC) that the decoder's lazy rows give. Stateless and thread-safe.
 */
final class PgTemporal {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** The second since 1970 in which Long.MAX_VALUE microseconds (+infinity) falls: 294247-01-10T04:00:54Z. */
    private static final long MAX_SECOND = Math.floorDiv(Long.MAX_VALUE, MICROS_PER_SECOND);
    /** The microsecond of {@link #MAX_SECOND} that is Long.MAX_VALUE; finite values stay below it. */
    private static final long MAX_SECOND_MICROS = Math.floorMod(Long.MAX_VALUE, MICROS_PER_SECOND);
    /** The second since 1970 in which Long.MIN_VALUE microseconds (-infinity) falls, in 290308 BC. */
    private static final long MIN_SECOND = Math.floorDiv(Long.MIN_VALUE, MICROS_PER_SECOND);
    /** The microsecond of {@link #MIN_SECOND} that is Long.MIN_VALUE; finite values stay above it. */
    private static final long MIN_SECOND_MICROS = Math.floorMod(Long.MIN_VALUE, MICROS_PER_SECOND);
    private static final Instant FIRST_LOCAL = LocalDateTime.MIN.toInstant(ZoneOffset.UTC);
    private static final Instant LAST_LOCAL = LocalDateTime.MAX.toInstant(ZoneOffset.UTC);

    private PgTemporal() {
    }

    /**
     * Whether the microseconds since 1970 of {@code epochSecond} plus {@code nano} fit a long strictly
     * between {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE}, which stand for ±infinity. True for
     * every finite PostgreSQL timestamp up to 294247-01-10 04:00:54.775806.
     */
    static boolean fitsMicros(long epochSecond, int nano) {
        if (epochSecond > MIN_SECOND && epochSecond < MAX_SECOND) {
            return true;
        }
        long us = nano / 1000;
        return epochSecond == MAX_SECOND && us < MAX_SECOND_MICROS || epochSecond == MIN_SECOND && us > MIN_SECOND_MICROS;
    }

    /**
     * Microseconds since 1970, the nanoseconds truncated ({@code nano} is 0 to 999,999,999 after
     * {@code epochSecond}, as {@link Instant} has it); only where {@link #fitsMicros} says so. Negative
     * seconds are scaled one second closer to zero, so that no intermediate product leaves the long range.
     */
    static long micros(long epochSecond, int nano) {
        long us = nano / 1000;
        return epochSecond < 0 ? (epochSecond + 1) * MICROS_PER_SECOND + (us - MICROS_PER_SECOND)
                : epochSecond * MICROS_PER_SECOND + us;
    }

    /** Microseconds of the day; {@code LocalTime.MAX} is PostgreSQL's 24:00:00. */
    static long microsOfDay(LocalTime t) {
        return t.equals(LocalTime.MAX) ? 86_400_000_000L : t.toNanoOfDay() / 1000;
    }

    static String date(LocalDate d) {
        if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
            return d.equals(LocalDate.MAX) ? "infinity" : "-infinity";
        }
        StringBuilder sb = new StringBuilder(16);
        if (appendDate(sb, d)) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(16);
        appendTime(sb, microsOfDay(t));
        return sb.toString();
    }

    static String timetz(OffsetTime t) {
        StringBuilder sb = new StringBuilder(24);
        appendTime(sb, microsOfDay(t.toLocalTime()));
        appendZone(sb, t.getOffset().getTotalSeconds());
        return sb.toString();
    }

    static String timestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
            return t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity";
        }
        return timestamp(t, false);
    }

    /** timestamptz as PostgreSQL prints it with TimeZone UTC. */
    static String timestamptz(Instant t) {
        if (t.equals(Instant.MAX) || t.equals(Instant.MIN)) {
            return t.equals(Instant.MAX) ? "infinity" : "-infinity";
        }
        if (t.isBefore(FIRST_LOCAL) || t.isAfter(LAST_LOCAL)) {
            return t.toString(); // a billion years away: no PostgreSQL value, no LocalDateTime either
        }
        return timestamp(LocalDateTime.ofInstant(t, ZoneOffset.UTC), true);
    }

    private static String timestamp(LocalDateTime t, boolean utc) {
        StringBuilder sb = new StringBuilder(32);
        boolean bc = appendDate(sb, t.toLocalDate());
        sb.append(' ');
        appendTime(sb, t.toLocalTime().toNanoOfDay() / 1000);
        if (utc) {
            sb.append("+00");
        }
        if (bc) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    /** IntervalStyle postgres, e.g. {@code -1 years -2 mons +3 days -04:05:06.5}; PostgreSQL 17's ±infinity. */
    static String interval(PgInterval iv) {
        int months = iv.months();
        int days = iv.days();
        long micros = iv.micros();
        if (months == Integer.MAX_VALUE && days == Integer.MAX_VALUE && micros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (months == Integer.MIN_VALUE && days == Integer.MIN_VALUE && micros == Long.MIN_VALUE) {
            return "-infinity";
        }
        StringBuilder sb = new StringBuilder(40);
        boolean negativeBefore = addPart(sb, months / 12, "year", false);
        negativeBefore = addPart(sb, months % 12, "mon", negativeBefore);
        negativeBefore = addPart(sb, days, "day", negativeBefore);
        boolean zero = sb.length() == 0;
        // each part keeps the sign of micros, so no negation of Long.MIN_VALUE happens
        long hour = micros / 3_600_000_000L;
        long min = micros / 60_000_000L % 60;
        long sec = micros / MICROS_PER_SECOND % 60;
        long frac = micros % MICROS_PER_SECOND;
        if (zero || micros != 0) {
            sb.append(zero ? "" : " ").append(micros < 0 ? "-" : negativeBefore ? "+" : "");
            pad(sb, Math.abs(hour), 2);
            sb.append(':');
            pad(sb, Math.abs(min), 2);
            sb.append(':');
            pad(sb, Math.abs(sec), 2);
            appendFraction(sb, Math.abs(frac));
        }
        return sb.toString();
    }

    /** Appends {@code value unit[s]}; returns whether this part (or, when zero, the one before) was negative. */
    private static boolean addPart(StringBuilder sb, int value, String unit, boolean negativeBefore) {
        if (value == 0) {
            return negativeBefore;
        }
        sb.append(sb.length() == 0 ? "" : " ").append(negativeBefore && value > 0 ? "+" : "").append(value).append(' ')
                .append(unit).append(value != 1 ? "s" : "");
        return value < 0;
    }

    /** Appends yyyy-mm-dd (at least four year digits; BC years counted from 1) and returns whether the year is BC. */
    private static boolean appendDate(StringBuilder sb, LocalDate d) {
        long y = d.getYear();
        boolean bc = y <= 0;
        pad(sb, bc ? 1 - y : y, 4);
        sb.append('-');
        pad(sb, d.getMonthValue(), 2);
        sb.append('-');
        pad(sb, d.getDayOfMonth(), 2);
        return bc;
    }

    /** HH:MM:SS[.ffffff without trailing zeros]; 24:00:00 included. */
    private static void appendTime(StringBuilder sb, long micros) {
        long secs = micros / MICROS_PER_SECOND;
        pad(sb, secs / 3600, 2);
        sb.append(':');
        pad(sb, secs / 60 % 60, 2);
        sb.append(':');
        pad(sb, secs % 60, 2);
        appendFraction(sb, micros % MICROS_PER_SECOND);
    }

    private static void appendFraction(StringBuilder sb, long fraction) {
        if (fraction == 0) {
            return;
        }
        int digits = 6;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        sb.append('.');
        pad(sb, fraction, digits);
    }

    /** +HH[:MM[:SS]] of an offset east of UTC, as PostgreSQL prints it. */
    private static void appendZone(StringBuilder sb, int secondsEast) {
        int abs = Math.abs(secondsEast);
        sb.append(secondsEast >= 0 ? '+' : '-');
        pad(sb, abs / 3600, 2);
        int min = abs / 60 % 60;
        int sec = abs % 60;
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

    private static void pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }
}
