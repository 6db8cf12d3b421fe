package io.doriscdc.pgoutput;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.api.value.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Compares a lazy row with its {@link ObjectRow#copyOf(Row) detached copy} through every typed getter
 * of {@link Row}: where the lazy row gives a value the copy gives an equal one; where the lazy row
 * refuses (wrong getter, NaN as BigDecimal, a timestamp past a long's microseconds) the copy refuses
 * in kind. Text is compared for the types whose ObjectRow text is PostgreSQL's output form.
 */
public final class RowAgreement {

    /** Types whose {@link ObjectRow#getString(int)} is PostgreSQL's text form. */
    private static final Set<LogicalType> PG_TEXT = EnumSet.complementOf(EnumSet.of(
            LogicalType.FLOAT32, LogicalType.FLOAT64, LogicalType.MONEY, LogicalType.ARRAY));

    private static final List<String> NAMES = List.of("getBoolean", "getLong", "getDouble", "getBigDecimal", "getBytes",
            "getString", "getObject");
    private static final List<BiFunction<Row, Integer, Object>> GETTERS = List.of(Row::getBoolean, Row::getLong,
            Row::getDouble, Row::getBigDecimal, Row::getBytes, Row::getString, Row::getObject);

    private RowAgreement() {
    }

    /** What one getter gave: a value or the kind of refusal. */
    private record Outcome(Object value, RuntimeException error) {
        static Outcome of(Row row, int column, BiFunction<Row, Integer, Object> getter) {
            try {
                return new Outcome(getter.apply(row, column), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }

        @Override
        public String toString() {
            return error != null ? error.getClass().getSimpleName() + ": " + error.getMessage()
                    : value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
        }
    }

    /** The disagreements of every present column of the row, empty when the copy agrees. */
    public static List<String> of(Row lazy, String where) {
        List<String> out = new ArrayList<>();
        ObjectRow copy = ObjectRow.copyOf(lazy);
        for (int c = 0; c < lazy.columnCount(); c++) {
            if (lazy.state(c) != copy.state(c)) {
                out.add(where + " column " + c + ": state " + lazy.state(c) + " but copy " + copy.state(c));
                continue;
            }
            if (lazy.isNull(c) || lazy.isUnchangedToast(c)) {
                continue;
            }
            LogicalType type = lazy.schema().column(c).type().logical();
            for (int g = 0; g < GETTERS.size(); g++) {
                if (NAMES.get(g).equals("getString") && !PG_TEXT.contains(type)) {
                    continue;
                }
                Outcome a = Outcome.of(lazy, c, GETTERS.get(g));
                Outcome b = Outcome.of(copy, c, GETTERS.get(g));
                if (!agree(a, b)) {
                    out.add(where + " " + lazy.schema().column(c).name() + " (" + type + ") " + NAMES.get(g) + ": lazy row "
                            + a + ", ObjectRow " + b);
                }
            }
        }
        return out;
    }

    private static boolean agree(Outcome lazy, Outcome copy) {
        if (lazy.error == null) {
            return copy.error == null && deepEquals(lazy.value, copy.value);
        }
        if (copy.error == null) {
            return false;
        }
        if (lazy.error instanceof DecodeException) { // a value that does not fit the getter's long
            return copy.error instanceof IllegalArgumentException;
        }
        return lazy.error.getClass() == copy.error.getClass();
    }

    /** Equality that looks into lists (arrays) and byte arrays (bytea elements). */
    private static boolean deepEquals(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!deepEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.deepEquals(a, b);
    }
}
