package io.doriscdc.emulator.internal;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code delete} condition of {@code merge_type: MERGE} (§4 (b)): {@code column op literal}
 * with op one of {@code = != <> < <= > >=}; numbers compare numerically, other values as text.
 * Immutable and thread-safe.
 */
final class DeleteCondition {
    private static final Pattern FORM = Pattern.compile("\\s*`?([^`=!<>\\s]+)`?\\s*(=|!=|<>|<=|>=|<|>)\\s*['\"]?(.*?)['\"]?\\s*");
    private final String column;
    private final String op;
    private final String literal;

    private DeleteCondition(String column, String op, String literal) {
        this.column = column;
        this.op = op;
        this.literal = literal;
    }

    static DeleteCondition parse(String text) throws LoadException {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw LoadException.fe("the emulator supports 'delete' conditions of the form <column> <op> <literal>, got: " + text);
        }
        return new DeleteCondition(m.group(1), m.group(2), m.group(3));
    }

    /** The column a condition reads, or null when {@code text} is not a condition {@link #parse} accepts. */
    static String columnOf(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        return m != null && m.matches() ? m.group(1) : null;
    }

    String column() {
        return column;
    }

    /** Whether a row whose {@link #column()} holds {@code v} (its text; null for NULL or missing) is deleted. */
    boolean test(String v) {
        if (v == null) {
            return false;
        }
        int cmp;
        try {
            cmp = new BigDecimal(v.trim()).compareTo(new BigDecimal(literal.trim()));
        } catch (NumberFormatException e) {
            cmp = v.compareTo(literal);
        }
        return switch (op) {
            case "=" -> cmp == 0;
            case "!=", "<>" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }
}
