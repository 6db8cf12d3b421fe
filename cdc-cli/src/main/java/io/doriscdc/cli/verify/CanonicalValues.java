package io.doriscdc.cli.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Writes a value read from PostgreSQL (JDBC) or from Doris (the emulator's Java values or the SQL
 * endpoint's JSON values) as one canonical text per Doris type family, so that equal rows give equal
 * text on both sides. Stateless and thread-safe.
 */
public final class CanonicalValues {

    /** What a Doris column holds, as far as comparing goes. */
    public enum Family { BOOLEAN, INTEGER, DECIMAL, FLOAT, DOUBLE, DATE, DATETIME, JSON, TEXT }

    static final String NULL = "\u2400";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final DateTimeFormatter DORIS_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter(Locale.ROOT);

    private CanonicalValues() {
    }

    /** The family of a Doris type such as {@code DECIMAL(12,2)} or {@code VARCHAR(36)}. */
    public static Family family(String dorisType) {
        String t = dorisType.toUpperCase(Locale.ROOT);
        if (t.startsWith("BOOLEAN")) {
            return Family.BOOLEAN;
        }
        if (t.startsWith("TINYINT") || t.startsWith("SMALLINT") || t.startsWith("INT") || t.startsWith("BIGINT") || t.startsWith("LARGEINT")) {
            return Family.INTEGER;
        }
        if (t.startsWith("DECIMAL")) {
            return Family.DECIMAL;
        }
        if (t.startsWith("FLOAT")) {
            return Family.FLOAT;
        }
        if (t.startsWith("DOUBLE")) {
            return Family.DOUBLE;
        }
        if (t.startsWith("DATETIME")) {
            return Family.DATETIME;
        }
        if (t.startsWith("DATE")) {
            return Family.DATE;
        }
        if (t.startsWith("JSON")) {
            return Family.JSON;
        }
        return Family.TEXT;
    }

    /** The canonical text of a value. */
    public static String of(Family family, Object v) {
        if (v == null) {
            return NULL;
        }
        return switch (family) {
            case BOOLEAN -> Boolean.toString(v instanceof Boolean b ? b
                    : v instanceof Number n ? n.longValue() != 0 : v.toString().equals("1") || v.toString().equalsIgnoreCase("true"));
            case INTEGER -> new BigDecimal(v.toString()).toBigIntegerExact().toString();
            case DECIMAL -> {
                BigDecimal d = new BigDecimal(v.toString()).stripTrailingZeros();
                yield d.signum() == 0 ? "0" : d.toPlainString();
            }
            case FLOAT -> Float.toString(v instanceof Number n ? n.floatValue() : Float.parseFloat(v.toString()));
            case DOUBLE -> Double.toString(v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString()));
            case DATE -> (v instanceof LocalDate d ? d : LocalDate.parse(v.toString().substring(0, 10))).toString();
            case DATETIME -> datetime(v).toString();
            case JSON -> json(v.toString());
            case TEXT -> v.toString();
        };
    }

    private static LocalDateTime datetime(Object v) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof OffsetDateTime t) { // timestamptz: Doris holds it in UTC
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        return LocalDateTime.parse(v.toString().trim(), DORIS_DATETIME);
    }

    private static String json(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
