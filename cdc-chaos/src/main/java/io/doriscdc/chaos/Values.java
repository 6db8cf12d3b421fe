package io.doriscdc.chaos;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * SQL literals for the columns of the chaos tables: values at the edges of each type family (when
 * {@code extremes}) mixed with ordinary ones. Only values the product documents as accepted: no
 * BC years, no dates or timestamps outside 0001–9999 in UTC, no ±infinity dates, no numeric NaN,
 * and JSON without a top-level {@code null}. float4/float8 NaN and ±Infinity are included: Doris
 * FLOAT/DOUBLE hold them and the transport keeps them (nan-policy applies to DECIMAL, DATE and DATETIME).
 * Not thread-safe: one per writer.
 */
final class Values {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TS0 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final List<String> TEXTS = List.of("", " ", "plain", "quote ' and \" double", "tab\there", "new\nline",
            "cr\r\nlf", "back\\slash \\N \\t \\\\", "unicode äöü ß 中文 😀 🏳️‍🌈", "null", "NULL", "\\N", "e\u0301 combining",
            "שלום RTL", "zero\u200bwidth", "ctrl \u0001\u001f\u007f", "{\"json\":\"lookalike\"}", "<xml a='1'>&amp;</xml>",
            "  leading and trailing  ", "comma,semicolon;pipe|", "\"", "'", "\\");
    private static final List<String> VARCHAR10 = List.of("", "😀😀😀😀😀😀😀😀😀😀", "abcdefghij", "ääääääääää", "'\"\\\t\n", "中文中文中文中文中文");
    private static final List<String> JSONS = List.of("{}", "[]", "\"str\"", "123", "true", "-0.5",
            "{\"a\": null, \"b\": [1, 2.5, -3e2, true, false, null], \"c\": {\"d\": \"é😀\"}}",
            "{\"esc\": \"q\\\"b\\\\s\\n\\t\\u0001 \\u00e9\"}", "{\"big\": 12345678901234567890, \"neg\": -9223372036854775808}",
            "[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]", "{\"\": \"empty key\", \"k with space\": [], \"😀\": {}}");
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon");

    private final Random r;
    private final boolean extremes;

    Values(Random r, boolean extremes) {
        this.r = r;
        this.extremes = extremes;
    }

    Random random() {
        return r;
    }

    private boolean edge() {
        return extremes && r.nextBoolean();
    }

    <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** NULL in about {@code pct} percent of the calls, else the literal. */
    String orNull(String literal, int pct) {
        return r.nextInt(100) < pct ? "NULL" : literal;
    }

    String bool() {
        return r.nextBoolean() ? "true" : "false";
    }

    String int2() {
        return edge() ? pick(List.of("-32768", "32767", "0", "-1")) : Integer.toString(r.nextInt(2001) - 1000);
    }

    String int4() {
        return edge() ? pick(List.of("-2147483648", "2147483647", "0")) : Integer.toString(r.nextInt());
    }

    String int8() {
        return edge() ? pick(List.of("-9223372036854775808", "9223372036854775807", "0")) : Long.toString(r.nextLong());
    }

    /** numeric(38,10): 28 integer digits at most. */
    String n38() {
        if (edge()) {
            return pick(List.of("9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999",
                    "0.0000000001", "-0.0000000001", "0", "1234567890123456789012345678.1234567890"));
        }
        return decimal(1 + r.nextInt(20), 10);
    }

    String n38s0() {
        if (edge()) {
            return pick(List.of("99999999999999999999999999999999999999", "-99999999999999999999999999999999999999", "0"));
        }
        return decimal(1 + r.nextInt(30), 0);
    }

    String n52() {
        return edge() ? pick(List.of("999.99", "-999.99", "0.01", "0")) : decimal(3, 2);
    }

    /** numeric without a precision (a Doris STRING): more digits than any DECIMAL. */
    String nfree() {
        if (edge()) {
            return pick(List.of("123456789012345678901234567890123456789012345678901234567890.123456789012345678901234567890",
                    "-0.000000000000000000000000000000000000001", "0", "1.50", "-100000000000000000000000000000000000000000"));
        }
        return decimal(1 + r.nextInt(12), r.nextInt(8));
    }

    private String decimal(int intDigits, int scale) {
        BigInteger unscaled = new BigInteger(intDigits * 3 + scale * 3 + 1, r);
        BigDecimal v = new BigDecimal(unscaled, scale);
        BigDecimal limit = BigDecimal.TEN.pow(intDigits);
        v = v.remainder(limit);
        return (r.nextBoolean() ? v.negate() : v).toPlainString();
    }

    String f4() {
        if (edge()) {
            return Sql.typed(pick(List.of("NaN", "Infinity", "-Infinity", "3.4028235e38", "-3.4028235e38", "1.4e-45",
                    "1.17549435e-38", "0", "-0")), "float4");
        }
        return Sql.typed(Float.toString(r.nextFloat() * 2000 - 1000), "float4");
    }

    String f8() {
        if (edge()) {
            return Sql.typed(pick(List.of("NaN", "Infinity", "-Infinity", "1.7976931348623157e308", "-1.7976931348623157e308",
                    "4.9e-324", "2.2250738585072014e-308", "-0", "0.1")), "float8");
        }
        return Sql.typed(Double.toString(r.nextDouble() * 2e6 - 1e6), "float8");
    }

    String date() {
        if (edge()) {
            return Sql.typed(pick(List.of("0001-01-01", "9999-12-31", "1969-12-31", "1582-10-04", "1000-01-01", "2000-02-29")), "date");
        }
        return Sql.typed(ordinaryDay().toString(), "date");
    }

    String ts() {
        if (edge()) {
            return Sql.typed(pick(List.of("0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "1969-12-31 23:59:59.999999",
                    "1970-01-01 00:00:00.000001", "1582-10-15 00:00:00", "0999-12-31 23:59:59.5")), "timestamp");
        }
        return Sql.typed(ordinaryTimestamp().format(TS), "timestamp");
    }

    String ts0() {
        if (edge()) {
            return Sql.typed(pick(List.of("0001-01-01 00:00:00", "9999-12-31 23:59:59", "1969-12-31 23:59:59")), "timestamp(0)");
        }
        return Sql.typed(ordinaryTimestamp().format(TS0), "timestamp(0)");
    }

    /** Edge values are given in UTC so that they stay within 0001–9999 in UTC, as Doris stores them. */
    String tstz() {
        if (edge()) {
            return Sql.typed(pick(List.of("0001-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00", "1969-12-31 23:59:59.999999+00",
                    "2038-01-19 03:14:08+00", "1900-01-01 00:00:00+00")), "timestamptz");
        }
        return Sql.typed(ordinaryTimestamp().format(TS) + pick(List.of("+00", "+05:30", "-08", "+14")), "timestamptz");
    }

    String time() {
        if (edge()) {
            return Sql.typed(pick(List.of("00:00:00", "23:59:59.999999", "24:00:00", "00:00:00.000001")), "time");
        }
        return Sql.typed(LocalTime.ofNanoOfDay((long) r.nextInt(86_400) * 1_000_000_000L + r.nextInt(1_000_000) * 1000L).toString(), "time");
    }

    /** A text value: the hostile ones (quotes, tabs, newlines, backslashes, unicode) or words. */
    String text() {
        if (edge()) {
            return Sql.lit(r.nextInt(10) == 0 ? longText(3000 + r.nextInt(3000)) : pick(TEXTS));
        }
        return Sql.lit(words(1 + r.nextInt(5)));
    }

    /** A raw text value (not a literal), for COPY and for notes. */
    String rawText() {
        return edge() ? pick(TEXTS) : words(1 + r.nextInt(4));
    }

    String varchar10() {
        return Sql.lit(edge() ? pick(VARCHAR10) : words(1)); // a word has at most 10 characters
    }

    String bytea() {
        if (edge()) {
            int kind = r.nextInt(4);
            return Sql.typed(switch (kind) {
                case 0 -> "\\x";
                case 1 -> "\\x00";
                case 2 -> "\\x00ff7f80";
                default -> allBytes();
            }, "bytea");
        }
        return Sql.typed(hex(r.nextInt(32)), "bytea");
    }

    String uuid() {
        if (edge()) {
            return Sql.typed(pick(List.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff")), "uuid");
        }
        return Sql.typed(new UUID(r.nextLong(), r.nextLong()).toString(), "uuid");
    }

    String jsonb() {
        if (edge()) {
            return Sql.typed(pick(JSONS), "jsonb");
        }
        return Sql.typed("{\"k\": " + r.nextInt(1000) + ", \"s\": \"" + words(1) + "\", \"l\": [" + r.nextInt(10) + ", " + r.nextBoolean() + "]}", "jsonb");
    }

    String int4Array() {
        if (edge()) {
            return pick(List.of("'{}'::int4[]", "ARRAY[NULL]::int4[]", "ARRAY[1,NULL,-2147483648,2147483647]::int4[]", "ARRAY[0]::int4[]"));
        }
        return "ARRAY[" + r.nextInt(100) + "," + r.nextInt(100) + "]::int4[]";
    }

    String int8Array() {
        if (edge()) {
            return pick(List.of("ARRAY[-9223372036854775808,9223372036854775807,NULL]::int8[]", "'{}'::int8[]", "ARRAY[NULL,NULL]::int8[]"));
        }
        return "ARRAY[" + r.nextLong() + "]::int8[]";
    }

    String textArray() {
        if (edge()) {
            return pick(List.of("'{}'::text[]", "ARRAY[NULL]::text[]",
                    "ARRAY['', 'a,b', 'q\"uote', 'back\\slash', '😀', NULL, '{braces}', 'NULL', 'tab\there']::text[]"));
        }
        return "ARRAY[" + Sql.lit(words(1)) + ", " + Sql.lit(words(1)) + "]::text[]";
    }

    /** Text over 2 KB, stored out of line in an EXTERNAL column. */
    String bigText() {
        return Sql.lit(longText(2500 + r.nextInt(6000)));
    }

    String bigBytea() {
        return Sql.typed(hex(2100 + r.nextInt(3000)), "bytea");
    }

    String bigJson() {
        StringBuilder sb = new StringBuilder("{\"seed\": ").append(r.nextInt(1_000_000)).append(", \"items\": [");
        int n = 60 + r.nextInt(100);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append("{\"i\": ").append(i).append(", \"w\": \"").append(words(3)).append(" \\\"q\\\" ü\"}");
        }
        return Sql.typed(sb.append("]}").toString(), "jsonb");
    }

    String bigTextArray() {
        List<String> items = new ArrayList<>();
        int n = 60 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            items.add(i % 17 == 5 ? "NULL" : Sql.lit(words(4) + (i % 7 == 0 ? " ,\"{}\\ 😀" : "")));
        }
        return "ARRAY[" + String.join(", ", items) + "]::text[]";
    }

    String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? " " : "").append(pick(WORDS));
        }
        return sb.toString();
    }

    /** Text of about {@code chars} characters: words with, now and then, a hostile piece. */
    String longText(int chars) {
        StringBuilder sb = new StringBuilder(chars + 64);
        while (sb.length() < chars) {
            sb.append(r.nextInt(8) == 0 && extremes ? pick(TEXTS) : pick(WORDS)).append(' ').append(r.nextInt(100_000)).append(' ');
        }
        return sb.toString();
    }

    private LocalDate ordinaryDay() {
        return LocalDate.of(1970, 1, 1).plusDays(r.nextInt(47_000));
    }

    private LocalDateTime ordinaryTimestamp() {
        return ordinaryDay().atStartOfDay().plusNanos((long) r.nextInt(86_400) * 1_000_000_000L + r.nextInt(1_000_000) * 1000L);
    }

    private String hex(int bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes * 2).append("\\x");
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format("%02x", r.nextInt(256)));
        }
        return sb.toString();
    }

    private static String allBytes() {
        StringBuilder sb = new StringBuilder("\\x");
        for (int i = 0; i < 256; i++) {
            sb.append(String.format("%02x", i));
        }
        return sb.toString();
    }
}
