package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class DateTimeTextTest {
    /** The regular expressions the emulator read datetimes with before {@link DateTimeText}. */
    private static final Pattern DATETIME = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?");
    private static final Pattern COMPACT_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    private static String byRegex(String t) {
        try {
            Matcher m = DATETIME.matcher(t);
            if (m.matches()) {
                int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
                return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos).toString();
            }
            Matcher c = COMPACT_DATE.matcher(t);
            return c.matches() ? LocalDate.of(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), Integer.parseInt(c.group(3)))
                    .atStartOfDay().toString() : "no match";
        } catch (DateTimeException e) {
            return "invalid";
        }
    }

    private static String byParser(String t) {
        try {
            LocalDateTime v = DateTimeText.parse(t);
            return v == null ? "no match" : v.toString();
        } catch (DateTimeException e) {
            return "invalid";
        }
    }

    @Test
    void readsTheShapesTheRegularExpressionsRead() {
        assertThat(DateTimeText.parse("2024-02-29 23:59:58.123456")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000));
        assertThat(DateTimeText.parse("2024-1-2T3:04")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4));
        assertThat(DateTimeText.parse("20240131")).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(DateTimeText.parse("2024-01-02 03:04:05.")).isNull();
        assertThat(DateTimeText.parse("2024-01-02 03:04:05.1234567890")).isNull();
        assertThat(DateTimeText.parse("２０２４-01-02")).isNull();
        assertThatThrownBy(() -> DateTimeText.parse("2023-02-29")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomText() {
        List<String> cases = new ArrayList<>(List.of("", "2024", "2024-", "2024-01", "2024-01-", "2024-01-01", "2024-1-1", "2024-001-01",
                "2024-01-011", "2024-01-01 ", "2024-01-01T", "2024-01-01 1", "2024-01-01 1:", "2024-01-01 1:2", "2024-01-01 01:02:",
                "2024-01-01 01:02:03", "2024-01-01 01:02:03.", "2024-01-01 01:02:03.9", "2024-01-01 01:02:03.123456789",
                "2024-01-01 24:00:00", "2024-13-01", "2024-00-10", "20241301", "2024010", "202401011", "2024-01-01x", "2024/01/01",
                "2024-01-01  01:02", "2024-01-01t01:02", "-2024-01-01", "0000-01-01"));
        Random r = new Random(17);
        String alphabet = "0123456789-: T.x";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            String base = cases.get(r.nextInt(cases.size()));
            sb.append(base);
            int edits = r.nextInt(3);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = r.nextInt(sb.length());
                if (r.nextBoolean()) {
                    sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                } else {
                    sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            cases.add(sb.toString());
        }
        for (String t : cases) {
            assertThat(byParser(t)).as(t).isEqualTo(byRegex(t));
        }
    }
}
