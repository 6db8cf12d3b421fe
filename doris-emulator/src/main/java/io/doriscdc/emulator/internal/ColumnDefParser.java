package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses a column definition ({@code name type [KEY] [NOT NULL|NULL] [DEFAULT v] [COMMENT 's']}) and types. Stateless.
 */
final class ColumnDefParser {
    private static final Pattern COLUMN_NAME = Pattern.compile("^[\\s\\S]{0,255}[\\S]$");

    private ColumnDefParser() {
    }

    /** @param key whether the column is a key column (decided by the caller from UNIQUE KEY) */
    static Column parse(SqlCursor c, boolean key) {
        String name = checkName(c.identifier());
        ColumnType type = type(c);
        Boolean nullable = null;
        Object defaultValue = null;
        boolean hasDefault = false;
        boolean currentTs = false;
        while (!c.atEnd() && !c.peek().is(",") && !c.peek().is(")") && !c.peek().is("AFTER") && !c.peek().is("FIRST")) {
            if (c.acceptAll("NOT", "NULL")) {
                nullable = false;
            } else if (c.accept("NULL")) {
                nullable = true;
            } else if (c.accept("KEY") || c.accept("AUTO_INCREMENT")) {
                continue;
            } else if (c.accept("DEFAULT")) {
                hasDefault = true;
                SqlLexer.Token t = c.next();
                if (t.is("NULL")) {
                    defaultValue = null;
                } else if (t.is("CURRENT_TIMESTAMP")) {
                    currentTs = true;
                    if (c.peek().is("(")) {
                        c.skipParens();
                    }
                } else if (t.kind() == SqlLexer.Kind.STRING || t.kind() == SqlLexer.Kind.NUMBER) {
                    try {
                        defaultValue = ValueConverter.convert(type, t.text());
                    } catch (ConversionException e) {
                        throw new SqlException("Invalid default value for '" + name + "': " + e.getMessage());
                    }
                } else {
                    throw c.error("unsupported DEFAULT " + t.text());
                }
            } else if (c.acceptAll("ON", "UPDATE")) {
                c.next();
                if (c.peek().is("(")) {
                    c.skipParens();
                }
            } else if (c.accept("COMMENT")) {
                c.stringLiteral();
            } else {
                throw c.error("unexpected token in definition of column " + name);
            }
        }
        boolean isNullable = nullable != null ? nullable : !key;
        return new Column(name, type, isNullable, key, defaultValue, hasDefault, currentTs);
    }

    /**
     * Doris's column name rules with Unicode names on (the default; {@code FeNameFormat.checkColumnName}):
     * regex {@code ^[\s\S]{0,255}[\S]$}, and no {@code __DORIS_} or {@code __doris_shadow_} prefix in any case.
     */
    static String checkName(String name) {
        if (name.isEmpty() || !COLUMN_NAME.matcher(name).matches()) {
            throw new SqlException("Incorrect column name '" + name + "'. Column regex is '" + COLUMN_NAME.pattern() + "'");
        }
        for (String prefix : new String[] {"__doris_shadow_", "__DORIS_"}) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new SqlException("Incorrect column name " + name + ", column name can't start with '" + prefix + "'");
            }
        }
        return name;
    }

    static ColumnType type(SqlCursor c) {
        // type names are keywords, several of them reserved (INT, BIGINT, LARGEINT, DOUBLE, FLOAT, ...)
        SqlLexer.Token typeName = c.peek();
        if (typeName.kind() != SqlLexer.Kind.WORD && typeName.kind() != SqlLexer.Kind.RESERVED) {
            throw c.error("expected a type");
        }
        String name = c.next().text();
        String element = null;
        if (c.peek().is("<")) {
            c.next();
            StringBuilder sb = new StringBuilder();
            int depth = 1;
            while (true) {
                SqlLexer.Token t = c.next();
                if (t.text().equals("<EOF>")) {
                    throw c.error("unterminated <");
                }
                if (t.is("<")) {
                    depth++;
                } else if (t.is(">") && --depth == 0) {
                    break;
                }
                sb.append(t.text());
                if (t.is(",")) {
                    sb.append(' ');
                }
            }
            element = sb.toString();
        }
        List<Integer> args = new ArrayList<>();
        if (c.peek().is("(")) {
            c.next();
            args.add(c.integer());
            while (c.accept(",")) {
                args.add(c.integer());
            }
            c.expect(")");
        }
        try {
            return ColumnType.of(name, args.stream().mapToInt(Integer::intValue).toArray(), element);
        } catch (IllegalArgumentException e) {
            throw new SqlException(e.getMessage());
        }
    }
}
