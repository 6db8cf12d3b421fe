package io.doriscdc.runtime.doris;

import java.util.Locale;

/**
 * Maps PostgreSQL column types to Doris column types for generated target tables, following what the
 * transports write for each type (see {@code ColumnKind} in doris-streamload). Stateless.
 *
 * <table>
 * <caption>PostgreSQL → Doris</caption>
 * <tr><td>bool</td><td>BOOLEAN</td></tr>
 * <tr><td>int2 / int4 / int8</td><td>SMALLINT / INT / BIGINT</td></tr>
 * <tr><td>oid, xid</td><td>BIGINT</td></tr>
 * <tr><td>float4 / float8</td><td>FLOAT / DOUBLE</td></tr>
 * <tr><td>numeric(p,s), p ≤ 38</td><td>DECIMAL(p,s)</td></tr>
 * <tr><td>numeric(p,s), p &gt; 38; numeric</td><td>STRING (exact text; Doris DECIMAL holds 38 digits)</td></tr>
 * <tr><td>money</td><td>DECIMAL(19,2)</td></tr>
 * <tr><td>date</td><td>DATE</td></tr>
 * <tr><td>timestamp(p) / timestamptz(p)</td><td>DATETIME(p), default 6; timestamptz is stored in UTC</td></tr>
 * <tr><td>varchar(n) / char(n)</td><td>VARCHAR(4n) / CHAR(4n) (Doris counts bytes, UTF-8 needs up to 4 per character); STRING past the limits</td></tr>
 * <tr><td>text, varchar, name, xml, time, timetz, interval, bytea, bit, enum, other</td><td>STRING (VARCHAR(65533) in a key)</td></tr>
 * <tr><td>uuid</td><td>VARCHAR(36)</td></tr>
 * <tr><td>inet / cidr / macaddr</td><td>VARCHAR(64)</td></tr>
 * <tr><td>json / jsonb</td><td>JSON</td></tr>
 * <tr><td>arrays</td><td>ARRAY&lt;element&gt; (STRING in a key, which Doris refuses; such tables need a hand-written DDL)</td></tr>
 * </table>
 */
public final class DorisTypes {

    /** Doris's longest VARCHAR, in bytes. */
    static final int MAX_VARCHAR = 65533;
    private static final int MAX_CHAR = 255;
    private static final int MAX_DECIMAL_PRECISION = 38;

    private DorisTypes() {
    }

    /** The Doris type of a column (without NULL / NOT NULL). */
    public static String of(PgColumn c) {
        String t = c.typeName().toLowerCase(Locale.ROOT);
        if (t.startsWith("_") || c.category() == 'A') {
            return c.key() ? keyString() : "ARRAY<" + element(t.startsWith("_") ? t.substring(1) : t) + ">";
        }
        return switch (t) {
            case "bool" -> "BOOLEAN";
            case "int2" -> "SMALLINT";
            case "int4" -> "INT";
            case "int8", "oid", "xid" -> "BIGINT";
            case "float4" -> "FLOAT";
            case "float8" -> "DOUBLE";
            case "numeric" -> decimal(c);
            case "money" -> "DECIMAL(19,2)";
            case "date" -> "DATE";
            case "timestamp", "timestamptz" -> datetime(c);
            case "varchar" -> varchar(c);
            case "bpchar" -> fixedChar(c);
            case "uuid" -> "VARCHAR(36)";
            case "inet", "cidr", "macaddr", "macaddr8" -> "VARCHAR(64)";
            case "json", "jsonb" -> c.key() ? keyString() : "JSON";
            default -> c.key() ? keyString() : "STRING";
        };
    }

    private static String element(String typname) {
        PgColumn e = new PgColumn("element", typname, typname, 'X', false, false);
        String d = of(e);
        return d;
    }

    private static String decimal(PgColumn c) {
        int[] m = c.modifiers();
        if (m.length == 0 || m[0] > MAX_DECIMAL_PRECISION) {
            return c.key() ? keyString() : "STRING";
        }
        int scale = m.length > 1 ? m[1] : 0;
        if (scale < 0 || scale > m[0]) { // PostgreSQL 15+ allows negative scales and scale > precision
            return c.key() ? keyString() : "STRING";
        }
        return "DECIMAL(" + m[0] + "," + scale + ")";
    }

    private static String datetime(PgColumn c) {
        int[] m = c.modifiers();
        int p = m.length == 0 ? 6 : Math.min(6, m[0]);
        return "DATETIME(" + p + ")";
    }

    private static String varchar(PgColumn c) {
        int[] m = c.modifiers();
        if (m.length == 0 || (long) m[0] * 4 > MAX_VARCHAR) {
            return c.key() ? keyString() : "STRING";
        }
        return "VARCHAR(" + m[0] * 4 + ")";
    }

    private static String fixedChar(PgColumn c) {
        int[] m = c.modifiers();
        int n = m.length == 0 ? 1 : m[0];
        if (n * 4 <= MAX_CHAR) {
            return "CHAR(" + n * 4 + ")";
        }
        return n * 4L <= MAX_VARCHAR ? "VARCHAR(" + n * 4 + ")" : c.key() ? keyString() : "STRING";
    }

    /** Doris keys cannot be STRING, JSON or ARRAY. */
    private static String keyString() {
        return "VARCHAR(" + MAX_VARCHAR + ")";
    }
}
