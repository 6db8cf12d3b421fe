package io.doriscdc.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * One canonical text per value and {@link Family}, from PostgreSQL's text form (read with
 * {@link Family#pgSelect}) and from the emulator's Java values, so that equal values give equal text:
 * decimals without trailing zeros, floats as Java prints the float or double, timestamps with six
 * fraction digits (timestamptz in UTC), times without trailing fraction zeros, JSON (and arrays, as JSON)
 * with sorted keys and no spaces; text, bytea ({@code \x} hex) and uuid as they are. NULL is Java null.
 * Stateless and thread-safe.
 */
final class Canonical {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final DateTimeFormatter PARSE_TS = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private Canonical() {
    }

    static String ofPostgres(Family f, String text) {
        if (text == null) {
            return null;
        }
        return switch (f) {
            case BOOL -> text.equals("t") ? "true" : text.equals("f") ? "false" : text;
            case INT, TEXT -> text;
            case DECIMAL -> decimal(text);
            case FLOAT4 -> Float.toString(Float.parseFloat(text));
            case FLOAT8 -> Double.toString(Double.parseDouble(text));
            case DATE -> LocalDate.parse(text).toString();
            case TIMESTAMP, TIMESTAMPTZ -> LocalDateTime.parse(text, PARSE_TS).format(TS);
            case TIME -> time(text);
            case JSON, ARRAY -> json(text);
        };
    }

    static String ofDoris(Family f, Object v) {
        if (v == null) {
            return null;
        }
        return switch (f) {
            case BOOL -> v instanceof Boolean b ? b.toString() : v.toString().equals("1") ? "true" : v.toString().equals("0") ? "false" : v.toString();
            case INT, TEXT -> v.toString();
            case DECIMAL -> decimal(v.toString());
            case FLOAT4 -> Float.toString(v instanceof Number n ? n.floatValue() : Float.parseFloat(v.toString()));
            case FLOAT8 -> Double.toString(v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString()));
            case DATE -> v instanceof LocalDate d ? d.toString() : v.toString();
            case TIMESTAMP, TIMESTAMPTZ -> v instanceof LocalDateTime t ? t.format(TS) : LocalDateTime.parse(v.toString(), PARSE_TS).format(TS);
            case TIME -> time(v.toString());
            case JSON, ARRAY -> json(v.toString());
        };
    }

    private static String decimal(String text) {
        try {
            BigDecimal d = new BigDecimal(text).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** {@code HH:mm:ss[.ffffff]} without trailing zeros in the fraction ({@code 24:00:00} stays as it is). */
    private static String time(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return text;
        }
        String fraction = text.substring(dot + 1).replaceAll("0+$", "");
        return fraction.isEmpty() ? text.substring(0, dot) : text.substring(0, dot + 1) + fraction;
    }

    private static String json(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
        } catch (JsonProcessingException e) {
            return "(not JSON) " + text;
        }
    }
}
