package io.doriscdc.emulator.internal;

import java.util.Locale;

/**
 * A Doris column type: kind plus length (CHAR/VARCHAR), precision/scale (DECIMAL, DATETIME) and,
 * for ARRAY, the element type's text. Immutable and thread-safe.
 */
record ColumnType(Kind kind, int length, int precision, int scale, String sql) {

    enum Kind {
        BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, LARGEINT, FLOAT, DOUBLE, DECIMAL, DATE, DATETIME,
        CHAR, VARCHAR, STRING, JSON, ARRAY, MAP, STRUCT, IPV4, IPV6
    }

    static final int MAX_VARCHAR = 65533;

    /** Builds a type from its SQL name and optional numeric arguments; {@code element} is ARRAY's element text. */
    static ColumnType of(String name, int[] args, String element) {
        String upper = name.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "BOOLEAN", "BOOL": return simple(Kind.BOOLEAN, "BOOLEAN");
            case "TINYINT": return simple(Kind.TINYINT, "TINYINT");
            case "SMALLINT": return simple(Kind.SMALLINT, "SMALLINT");
            case "INT", "INTEGER": return simple(Kind.INT, "INT");
            case "BIGINT": return simple(Kind.BIGINT, "BIGINT");
            case "LARGEINT": return simple(Kind.LARGEINT, "LARGEINT");
            case "FLOAT": return simple(Kind.FLOAT, "FLOAT");
            case "DOUBLE": return simple(Kind.DOUBLE, "DOUBLE");
            case "DECIMAL", "DECIMALV3", "DECIMALV2", "NUMERIC": {
                int p = args.length > 0 ? args[0] : 9;
                int s = args.length > 1 ? args[1] : 0;
                if (p < 1 || p > 76 || s < 0 || s > p) {
                    throw new IllegalArgumentException("invalid DECIMAL(" + p + "," + s + "): precision 1..76, scale 0..precision");
                }
                return new ColumnType(Kind.DECIMAL, 0, p, s, "DECIMAL(" + p + "," + s + ")");
            }
            case "DATE", "DATEV2": return simple(Kind.DATE, "DATE");
            case "DATETIME", "DATETIMEV2": {
                int s = args.length > 0 ? args[0] : 0;
                if (s < 0 || s > 6) {
                    throw new IllegalArgumentException("invalid DATETIME(" + s + "): scale 0..6");
                }
                return new ColumnType(Kind.DATETIME, 0, 0, s, s == 0 ? "DATETIME" : "DATETIME(" + s + ")");
            }
            case "CHAR": {
                int n = args.length > 0 ? args[0] : 1;
                checkLength(upper, n, 255);
                return new ColumnType(Kind.CHAR, n, 0, 0, "CHAR(" + n + ")");
            }
            case "VARCHAR": {
                int n = args.length > 0 ? args[0] : MAX_VARCHAR;
                checkLength(upper, n, MAX_VARCHAR);
                return new ColumnType(Kind.VARCHAR, n, 0, 0, "VARCHAR(" + n + ")");
            }
            case "STRING", "TEXT": return simple(Kind.STRING, upper);
            case "JSON", "JSONB", "VARIANT": return simple(Kind.JSON, upper);
            case "ARRAY": return new ColumnType(Kind.ARRAY, 0, 0, 0, "ARRAY<" + element + ">");
            case "MAP": return new ColumnType(Kind.MAP, 0, 0, 0, "MAP<" + element + ">");
            case "STRUCT": return new ColumnType(Kind.STRUCT, 0, 0, 0, "STRUCT<" + element + ">");
            case "IPV4": return simple(Kind.IPV4, "IPV4");
            case "IPV6": return simple(Kind.IPV6, "IPV6");
            default: throw new IllegalArgumentException("unsupported column type " + name);
        }
    }

    private static ColumnType simple(Kind kind, String sql) {
        return new ColumnType(kind, 0, 0, 0, sql);
    }

    private static void checkLength(String type, int n, int max) {
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("invalid " + type + "(" + n + "): length 1.." + max);
        }
    }

    boolean isKeyCapable() {
        return switch (kind) {
            case FLOAT, DOUBLE, JSON, ARRAY, MAP, STRUCT, STRING -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return sql;
    }
}
