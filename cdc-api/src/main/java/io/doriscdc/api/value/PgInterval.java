package io.doriscdc.api.value;

/**
 * A PostgreSQL interval: months, days and microseconds kept apart, as PostgreSQL stores them
 * (a month is not a fixed number of days). Immutable and thread-safe.
 */
public record PgInterval(int months, int days, long micros) {

    /**
     * ISO 8601 form, e.g. {@code P1Y2M3DT4H5M6.5S}; {@code PT0S} for zero. ISO 8601 has no infinity:
     * PostgreSQL 17's infinite intervals give {@code infinity} and {@code -infinity}, as PostgreSQL prints them.
     */
    public String toIso8601() {
        if (months == Integer.MAX_VALUE && days == Integer.MAX_VALUE && micros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (months == Integer.MIN_VALUE && days == Integer.MIN_VALUE && micros == Long.MIN_VALUE) {
            return "-infinity";
        }
        if (months == 0 && days == 0 && micros == 0) {
            return "PT0S";
        }
        StringBuilder sb = new StringBuilder("P");
        int years = months / 12;
        int mons = months % 12;
        if (years != 0) {
            sb.append(years).append('Y');
        }
        if (mons != 0) {
            sb.append(mons).append('M');
        }
        if (days != 0) {
            sb.append(days).append('D');
        }
        if (micros != 0) {
            sb.append('T');
            // the parts of micros, made positive one by one: Math.abs(Long.MIN_VALUE) would stay negative
            String sign = micros < 0 ? "-" : "";
            long hours = Math.abs(micros / 3_600_000_000L);
            long minutes = Math.abs(micros / 60_000_000L % 60);
            long secMicros = Math.abs(micros % 60_000_000L);
            if (hours != 0) {
                sb.append(sign).append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(sign).append(minutes).append('M');
            }
            if (secMicros != 0) {
                sb.append(sign).append(secMicros / 1_000_000);
                long frac = secMicros % 1_000_000;
                if (frac != 0) {
                    String f = String.format("%06d", frac);
                    int end = f.length();
                    while (f.charAt(end - 1) == '0') {
                        end--;
                    }
                    sb.append('.').append(f, 0, end);
                }
                sb.append('S');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toIso8601();
    }
}
