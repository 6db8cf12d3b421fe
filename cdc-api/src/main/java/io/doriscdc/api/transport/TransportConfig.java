package io.doriscdc.api.transport;

import io.doriscdc.api.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of a transport: string keys and values, read through typed getters that reject bad
 * values naming the key and the value. Keys whose name contains {@code password}, {@code secret} or
 * {@code token} are masked in {@link #toString()}. Immutable and thread-safe.
 */
public final class TransportConfig {

    private final Map<String, String> values;

    private TransportConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static TransportConfig of(Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new ConfigException("transport setting with a null key or value: " + e.getKey());
            }
        }
        return new TransportConfig(values);
    }

    public static TransportConfig empty() {
        return new TransportConfig(Map.of());
    }

    /** All settings, keys sorted. */
    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a setting that must be present. */
    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("transport setting '" + key + "' is required");
        }
        return v;
    }

    public String getString(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new ConfigException("transport setting '" + key + "' = " + v + " is out of range [" + min + ", " + max + "]");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException("transport setting '" + key + "' = '" + v + "' is not an integer", e);
        }
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long l = Long.parseLong(v.trim());
            if (l < min || l > max) {
                throw new ConfigException("transport setting '" + key + "' = " + v + " is out of range [" + min + ", " + max + "]");
            }
            return l;
        } catch (NumberFormatException e) {
            throw new ConfigException("transport setting '" + key + "' = '" + v + "' is not an integer", e);
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("transport setting '" + key + "' = '" + v + "' is not a boolean (true or false)");
        };
    }

    /**
     * A duration written as a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}
     * (a bare number is milliseconds).
     */
    public Duration getDuration(String key, Duration defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : parseDuration(key, v);
    }

    /** A comma-separated list, entries trimmed, empty entries dropped. */
    public List<String> getList(String key) {
        String v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Fails naming every key that is not among {@code known}: a misspelt setting must not be ignored.
     */
    public void requireOnlyKnownKeys(String scheme, Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown " + scheme + " transport setting(s) " + unknown + "; known settings: " + new TreeSet<>(known));
        }
    }

    static Duration parseDuration(String key, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            for (String[] unit : UNITS) {
                if (t.endsWith(unit[0])) {
                    long n = Long.parseLong(t.substring(0, t.length() - unit[0].length()).trim());
                    if (n < 0) {
                        break;
                    }
                    return Duration.of(n, java.time.temporal.ChronoUnit.valueOf(unit[1]));
                }
            }
            long ms = Long.parseLong(t);
            if (ms >= 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ConfigException("transport setting '" + key + "' = '" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 1h)");
    }

    private static final String[][] UNITS = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}};

    private static boolean secret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(new String[] {"password", "secret", "token"}).anyMatch(k::contains);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(secret(k) ? "****" : v));
        return sb.append('}').toString();
    }
}
