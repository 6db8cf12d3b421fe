package io.doriscdc.api;

import java.util.Objects;

/**
 * A PostgreSQL table: schema and name, exactly as stored in the catalog (case preserved, never
 * quoted). Immutable and thread-safe.
 *
 * @param schema the schema ({@code nspname}), e.g. {@code public}
 * @param name the table ({@code relname})
 */
public record TableId(String schema, String name) implements Comparable<TableId> {

    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("schema and table name must not be empty: " + schema + "." + name);
        }
    }

    public static TableId of(String schema, String name) {
        return new TableId(schema, name);
    }

    /**
     * Parses a name as PostgreSQL would read it in SQL: {@code users} (schema {@code public}),
     * {@code Sales.Orders} (folded to lower case), {@code "Sales"."Order.Lines"} (quoted parts keep
     * case, dots and doubled quotes).
     *
     * @throws IllegalArgumentException naming the text and the position of the problem
     */
    public static TableId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("table name is empty; expected [schema.]table, e.g. public.users");
        }
        String[] parts = new String[2];
        int count = 0;
        int i = 0;
        int n = text.length();
        while (true) {
            if (count == 2) {
                throw new IllegalArgumentException("invalid table name '" + text + "': more than two dot-separated parts at position " + i);
            }
            StringBuilder part = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("invalid table name '" + text + "': unterminated quoted identifier");
                }
            } else {
                while (i < n && text.charAt(i) != '.') {
                    char c = text.charAt(i);
                    if (c == '"' || Character.isWhitespace(c)) {
                        throw new IllegalArgumentException("invalid table name '" + text + "': unexpected '" + c
                                + "' at position " + i + " (quote names that contain it)");
                    }
                    part.append(Character.toLowerCase(c));
                    i++;
                }
            }
            if (part.length() == 0) {
                throw new IllegalArgumentException("invalid table name '" + text + "': empty part at position " + i);
            }
            parts[count++] = part.toString();
            if (i == n) {
                break;
            }
            if (text.charAt(i) != '.') {
                throw new IllegalArgumentException("invalid table name '" + text + "': expected '.' at position " + i);
            }
            i++;
        }
        return count == 1 ? new TableId("public", parts[0]) : new TableId(parts[0], parts[1]);
    }

    /** The name as it must appear in PostgreSQL SQL: {@code "schema"."name"}, always quoted. */
    public String toSql() {
        return Identifiers.quotePg(schema) + '.' + Identifiers.quotePg(name);
    }

    @Override
    public int compareTo(TableId o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@code schema.name}, quoting a part only when it would not read back the same. */
    @Override
    public String toString() {
        return display(schema) + '.' + display(name);
    }

    private static String display(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && ((c >= '0' && c <= '9') || c == '$'));
            if (!plain) {
                return Identifiers.quotePg(part);
            }
        }
        return part;
    }
}
