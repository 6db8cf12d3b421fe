package io.doriscdc.cli.config;

import java.time.Duration;
import java.util.Locale;

/** Parses byte sizes ({@code 64MiB}) and durations ({@code 500ms}). Stateless. */
public final class Units {

    private Units() {
    }

    /**
     * {@code 1048576}, {@code 512B}, {@code 64KiB}/{@code 64KB}/{@code 64K}, {@code 64MiB}, {@code 2GiB}
     * (all powers of 1024).
     *
     * @throws IllegalArgumentException with what is expected
     */
    public static long bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long factor = 1;
        String[][] units = {{"GIB", "30"}, {"MIB", "20"}, {"KIB", "10"}, {"GB", "30"}, {"MB", "20"}, {"KB", "10"},
                {"G", "30"}, {"M", "20"}, {"K", "10"}, {"B", "0"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                factor = 1L << Integer.parseInt(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > Long.MAX_VALUE / factor) {
                throw new NumberFormatException();
            }
            return n * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size; write e.g. 1048576, 64KiB, 64MiB or 1GiB");
        }
    }

    /**
     * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or an ISO-8601 duration ({@code PT30S}).
     *
     * @throws IllegalArgumentException with what is expected
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            }
        } catch (RuntimeException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m or 1h");
    }
}
