package io.doriscdc.streamload;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.streamload.StreamLoadSettings.Compression;
import io.doriscdc.streamload.StreamLoadSettings.Format;
import io.doriscdc.streamload.StreamLoadSettings.ValuePolicy;
import io.doriscdc.streamload.internal.StreamLoadEncoder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How batches are written for Stream Load: the format, CSV separator, compression and the policies for
 * values Doris cannot hold. The streamload transport's encoders are made from it, and so are those of
 * any transport that forwards Stream Load bytes (the gRPC transport), without any Doris address.
 * Immutable and thread-safe.
 *
 * @param format JSON lines or CSV
 * @param csvSeparator CSV column separator (escapes already resolved)
 * @param compress payload compression
 * @param nanPolicy NaN/±Infinity where the Doris type has no such value
 * @param outOfRangePolicy dates and timestamps outside Doris's years 0000–9999
 */
public record StreamLoadEncoding(Format format, String csvSeparator, Compression compress, ValuePolicy nanPolicy,
                                 ValuePolicy outOfRangePolicy) {

    /** The settings keys read by {@link #from(TransportConfig)}. */
    public static final Set<String> KEYS = Set.of("format", "csv-separator", "compress", "nan-policy", "out-of-range-policy");

    public StreamLoadEncoding {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(compress, "compress");
        Objects.requireNonNull(nanPolicy, "nanPolicy");
        Objects.requireNonNull(outOfRangePolicy, "outOfRangePolicy");
        requireCsvSeparator(Objects.requireNonNull(csvSeparator, "csvSeparator"));
    }

    /** Reads {@link #KEYS} from {@code c} (other keys are the caller's to check), naming the key of a bad value. */
    public static StreamLoadEncoding from(TransportConfig c) {
        return new StreamLoadEncoding(choice(c, "format", Format.class, Format.JSON), unescape(c.getString("csv-separator", "\\t")),
                choice(c, "compress", Compression.class, Compression.NONE), choice(c, "nan-policy", ValuePolicy.class, ValuePolicy.FAIL),
                choice(c, "out-of-range-policy", ValuePolicy.class, ValuePolicy.FAIL));
    }

    /** A new encoder for one table; encoders are not thread-safe (one per table and thread). */
    public BatchEncoder newEncoder(TableMapping mapping) {
        return new StreamLoadEncoder(Objects.requireNonNull(mapping, "mapping"), this);
    }

    static <E extends Enum<E>> E choice(TransportConfig c, String key, Class<E> type, E defaultValue) {
        String v = c.getString(key, defaultValue.name()).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw new ConfigException("transport setting '" + key + "' = '" + v + "': use one of " + names);
    }

    /** Turns {@code \t} and {@code \xNN} escapes of a separator setting into characters. */
    static String unescape(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length() && text.charAt(i + 1) == 't') {
                sb.append('\t');
                i++;
            } else if (ch == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x') {
                try {
                    sb.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                } catch (NumberFormatException e) {
                    throw new ConfigException("transport setting 'csv-separator' = '" + text + "' has a bad \\x escape", e);
                }
                i += 3;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static void requireCsvSeparator(String sep) {
        if (sep.isEmpty() || sep.length() > 8) {
            throw new ConfigException("transport setting 'csv-separator' must have 1 to 8 characters, got " + sep.length());
        }
        for (int i = 0; i < sep.length(); i++) {
            char ch = sep.charAt(i);
            if (Character.isLetterOrDigit(ch) || " .:+-\"\\\r\n".indexOf(ch) >= 0 || ch > 0x7e) {
                throw new ConfigException("transport setting 'csv-separator' may not contain '" + ch
                        + "' (letters, digits, space, . : + - \" \\, line breaks and non-ASCII can appear in unquoted values); use e.g. \\t, | or \\x01");
            }
        }
    }
}
