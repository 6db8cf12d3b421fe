package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/** Parses a column definition ({@code name type [KEY] [NOT NULL|NULL] [DEFAULT v] [COMMENT 's']}) and types. Stateless. */
final class ColumnDefParser {
    private ColumnDefParser() {
    }

    /** @param key whether the column is a key column (decided by the caller from UNIQUE KEY) */
    static Column parse(SqlCursor c, boolean key) {
        String name = c.identifier();
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

    static ColumnType type(SqlCursor c) {
        String name = c.identifier();
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
