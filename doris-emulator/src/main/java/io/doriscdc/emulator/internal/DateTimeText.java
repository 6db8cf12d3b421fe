package io.doriscdc.emulator.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Reads the date and datetime shapes Doris casts from strings, without a regular expression:
 * {@code yyyy-M[M]-d[d]} with an optional {@code [ T]H[H]:m[m][:s[s][.f{1,9}]]}, or {@code yyyyMMdd}
 * (ASCII digits only, as {@code \d} matches them). Stateless.
 */
final class DateTimeText {
    private DateTimeText() {
    }

    /**
     * The datetime {@code t} spells, or null when it has neither shape.
     *
     * @throws java.time.DateTimeException when it has a shape but a field is out of range (month 13, Feb 30)
     */
    static LocalDateTime parse(String t) {
        int n = t.length();
        if (n == 8 && digits(t, 0, 8)) {
            return LocalDate.of(number(t, 0, 4), number(t, 4, 6), number(t, 6, 8)).atStartOfDay();
        }
        if (n < 8 || !digits(t, 0, 4) || t.charAt(4) != '-') {
            return null;
        }
        int monthEnd = run(t, 5, 2);
        if (monthEnd < 0 || monthEnd >= n || t.charAt(monthEnd) != '-') {
            return null;
        }
        int dayEnd = run(t, monthEnd + 1, 2);
        if (dayEnd < 0) {
            return null;
        }
        int year = number(t, 0, 4);
        int month = number(t, 5, monthEnd);
        int day = number(t, monthEnd + 1, dayEnd);
        if (dayEnd == n) {
            return LocalDateTime.of(year, month, day, 0, 0);
        }
        char sep = t.charAt(dayEnd);
        int hourEnd = sep == ' ' || sep == 'T' ? run(t, dayEnd + 1, 2) : -1;
        if (hourEnd < 0 || hourEnd >= n || t.charAt(hourEnd) != ':') {
            return null;
        }
        int minuteEnd = run(t, hourEnd + 1, 2);
        if (minuteEnd < 0) {
            return null;
        }
        int second = 0;
        int nanos = 0;
        if (minuteEnd < n) {
            int secondEnd = t.charAt(minuteEnd) == ':' ? run(t, minuteEnd + 1, 2) : -1;
            if (secondEnd < 0) {
                return null;
            }
            second = number(t, minuteEnd + 1, secondEnd);
            if (secondEnd < n) {
                int fractionEnd = t.charAt(secondEnd) == '.' ? run(t, secondEnd + 1, 9) : -1;
                if (fractionEnd != n) {
                    return null;
                }
                nanos = number(t, secondEnd + 1, fractionEnd);
                for (int i = fractionEnd - secondEnd - 1; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        return LocalDateTime.of(year, month, day, number(t, dayEnd + 1, hourEnd), number(t, hourEnd + 1, minuteEnd), second, nanos);
    }

    /** The end of a run of 1..{@code max} digits at {@code from} that no further digit follows, or -1. */
    private static int run(String t, int from, int max) {
        int i = from;
        while (i < t.length() && i - from < max && isDigit(t.charAt(i))) {
            i++;
        }
        if (i == from || (i < t.length() && isDigit(t.charAt(i)))) {
            return -1;
        }
        return i;
    }

    private static boolean digits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        return v;
    }
}
