package io.doriscdc.emulator.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDateTime;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Converts load input text to Java values the way Doris casts strings to column types: integers
 * must be whole and in range, decimals are rounded to the scale and must fit the precision, dates
 * and datetimes accept {@code yyyy-MM-dd[ HH:mm:ss[.ffffff]]} (also {@code T}), strings must fit
 * their byte length, JSON must parse. Stateless and thread-safe.
 */
final class ValueConverter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger LARGEINT_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger LARGEINT_MIN = BigInteger.ONE.shiftLeft(127).negate();
    /** Nanoseconds per unit of a datetime's last fraction digit, by scale. */
    private static final int[] NANO_UNITS = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private ValueConverter() {
    }

    static Object convert(ColumnType type, String text) throws ConversionException {
        String t = text;
        switch (type.kind()) {
            case BOOLEAN: return toBoolean(t.trim());
            case TINYINT: return integer(t, -128, 127, type);
            case SMALLINT: return integer(t, -32768, 32767, type);
            case INT: return integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case BIGINT: return integer(t, Long.MIN_VALUE, Long.MAX_VALUE, type);
            case LARGEINT: return largeInt(t.trim());
            case FLOAT: return (double) (float) floating(t.trim(), type);
            case DOUBLE: return floating(t.trim(), type);
            case DECIMAL: return decimal(t.trim(), type);
            case DATE: return dateTime(t.trim(), type).toLocalDate();
            case DATETIME: return dateTime(t.trim(), type);
            case CHAR, VARCHAR: return sized(t, type);
            case STRING, ARRAY, MAP, STRUCT: return t;
            case JSON: return json(t);
            case IPV4, IPV6: return ip(t.trim(), type);
            default: throw new ConversionException("unsupported type " + type);
        }
    }

    private static Boolean toBoolean(String t) throws ConversionException {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "1", "true": return Boolean.TRUE;
            case "0", "false": return Boolean.FALSE;
            default: throw invalid(t, "BOOLEAN");
        }
    }

    private static Long integer(String text, long min, long max, ColumnType type) throws ConversionException {
        String t = text.trim();
        try {
            long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            if (v < min || v > max) {
                throw new ConversionException("'" + t + "' is out of range for " + type);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(t, type.toString());
        }
    }

    private static BigInteger largeInt(String t) throws ConversionException {
        try {
            BigInteger v = asciiInteger(t);
            if (v.compareTo(LARGEINT_MIN) < 0 || v.compareTo(LARGEINT_MAX) > 0) {
                throw new ConversionException("'" + t + "' is out of range for LARGEINT");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(t, "LARGEINT");
        }
    }

    private static final BigInteger TEN_18 = BigInteger.TEN.pow(18);

    /**
     * {@code new BigInteger(t)}, by longs of 18 digits when {@code t} is an optional sign and up to 54
     * ASCII digits (a sequence value: 29 digits per row, ~3x faster), else by BigInteger itself (which
     * also reads other Unicode digits).
     */
    static BigInteger asciiInteger(String t) {
        int n = t.length();
        int from = n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (n == from || n - from > 54) {
            return new BigInteger(t);
        }
        for (int i = from; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return new BigInteger(t);
            }
        }
        int head = from + (n - from) % 18;
        BigInteger v = BigInteger.valueOf(head == from ? 0 : Long.parseLong(t, from, head, 10));
        for (int i = head; i < n; i += 18) {
            v = v.multiply(TEN_18).add(BigInteger.valueOf(Long.parseLong(t, i, i + 18, 10)));
        }
        return t.charAt(0) == '-' ? v.negate() : v;
    }

    private static double floating(String t, ColumnType type) throws ConversionException {
        // Doris's StringParser::string_to_float (be/src/util/string_parser.hpp) also reads inf,
        // infinity and nan, in any case and with a sign
        String special = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (special.equalsIgnoreCase("inf") || special.equalsIgnoreCase("infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (special.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            if (t.isEmpty() || hasJavaOnlyFloatSyntax(t)) {
                throw new NumberFormatException(t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw invalid(t, type.toString());
        }
    }

    /** Whether {@code t} holds a character that only Java's float syntax reads: a type suffix or hex. */
    private static boolean hasJavaOnlyFloatSyntax(String t) {
        for (int i = 0; i < t.length(); i++) {
            if ("dDfFxXpP".indexOf(t.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal decimal(String t, ColumnType type) throws ConversionException {
        BigDecimal v;
        try {
            v = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw invalid(t, type.toString());
        }
        BigDecimal scaled = v.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
            throw new ConversionException("'" + t + "' is out of range for " + type);
        }
        return scaled;
    }

    private static LocalDateTime dateTime(String t, ColumnType type) throws ConversionException {
        LocalDateTime v;
        try {
            v = DateTimeText.parse(t);
        } catch (java.time.DateTimeException e) {
            throw invalid(t, type.toString());
        }
        if (v == null) {
            throw invalid(t, type.toString());
        }
        return truncate(v, type.scale());
    }

    private static LocalDateTime truncate(LocalDateTime v, int scale) {
        int unit = NANO_UNITS[scale];
        return v.getNano() % unit == 0 ? v : v.withNano(v.getNano() / unit * unit);
    }

    private static String sized(String t, ColumnType type) throws ConversionException {
        int bytes = utf8Length(t);
        if (bytes > type.length()) {
            throw new ConversionException("the length of input is too long than schema. first 32 bytes of input str: ["
                    + (t.length() > 32 ? t.substring(0, 32) : t) + "] schema length: " + type.length()
                    + "; actual length: " + bytes + "; ");
        }
        return t;
    }

    /** {@code t.getBytes(UTF_8).length} without the bytes: a lone surrogate is one byte ({@code '?'}). */
    static int utf8Length(String t) {
        int n = t.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(t.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair's 2 chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    private static String json(String t) throws ConversionException {
        String canonical = JsonCanonical.of(t);
        if (canonical != null) {
            return canonical;
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(t));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConversionException("Invalid JSON text: " + t);
        }
    }

    private static String ip(String t, ColumnType type) throws ConversionException {
        boolean v4 = type.kind() == ColumnType.Kind.IPV4;
        boolean looksV4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (v4 != looksV4 || (!v4 && !t.contains(":"))) {
            throw invalid(t, type.toString());
        }
        try {
            return InetAddress.getByName(t).getHostAddress();
        } catch (UnknownHostException e) {
            throw invalid(t, type.toString());
        }
    }

    private static ConversionException invalid(String t, String type) {
        return new ConversionException("'" + t + "' can not be converted to " + type);
    }
}
