package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one SQL statement into tokens as Doris's Nereids lexer does ({@code DorisLexer.g4}): bare
 * identifiers ({@code IDENTIFIER : (LETTER | DIGIT | '_')+}, where a letter is {@code [a-zA-Z$_]} or any
 * character past U+007F), reserved words ({@link ReservedWords}, a {@link Kind#RESERVED} token that is no
 * identifier), backquoted identifiers ({@code BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`'}, the
 * doubled backquote unescaped by {@code PostProcessor.exitQuotedIdentifier}), string literals
 * ({@code '...'} or {@code "..."}, backslash escapes and doubled quotes), numbers and single-character
 * symbols; whitespace is {@code [ \r\n\t]}. Stateless.
 */
final class SqlLexer {

    /** {@code WORD} is a bare identifier (a non-reserved keyword included), {@code RESERVED} a reserved word. */
    enum Kind { WORD, RESERVED, QUOTED_IDENT, STRING, NUMBER, SYMBOL }

    record Token(Kind kind, String text) {
        boolean is(String word) {
            return (kind == Kind.WORD || kind == Kind.RESERVED || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
        }

        /** A bare or backquoted identifier. */
        boolean isIdentifier() {
            return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
        }
    }

    private SqlLexer() {
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\r' || c == '\n' || c == '\t') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '`') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new SqlException("Syntax error: unterminated quoted identifier");
                    }
                    char d = sql.charAt(i);
                    if (d == '`') {
                        if (i + 1 < n && sql.charAt(i + 1) == '`') {
                            sb.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(Kind.QUOTED_IDENT, sb.toString()));
            } else if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new SqlException("Syntax error: unterminated string literal");
                    }
                    char d = sql.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        sb.append(unescape(sql.charAt(i + 1)));
                        i += 2;
                    } else if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            sb.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                out.add(new Token(Kind.STRING, sb.toString()));
            } else if (isDigit(c) && identifierAfterDigits(sql, i)) {
                // 1a is an IDENTIFIER: the lexer takes the longest match
                int start = i;
                while (i < n && isIdentifierChar(sql.charAt(i))) {
                    i++;
                }
                out.add(word(sql.substring(start, i)));
            } else if (isDigit(c) || (c == '-' && i + 1 < n && isDigit(sql.charAt(i + 1))
                    && (out.isEmpty() || out.get(out.size() - 1).kind() == Kind.SYMBOL))) {
                int start = i++;
                while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i)));
            } else if (isIdentifierChar(c)) {
                int start = i;
                while (i < n && isIdentifierChar(sql.charAt(i))) {
                    i++;
                }
                out.add(word(sql.substring(start, i)));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).is(";")) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static Token word(String text) {
        return new Token(ReservedWords.isReserved(text) ? Kind.RESERVED : Kind.WORD, text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code LETTER | DIGIT | '_'} of the Doris lexer; a letter is {@code [a-zA-Z$_]} or any character past U+007F. */
    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }

    /** Whether the digits at {@code i} continue with identifier characters (other than an exponent {@code 1e5}). */
    private static boolean identifierAfterDigits(String sql, int i) {
        int j = i;
        while (j < sql.length() && isDigit(sql.charAt(j))) {
            j++;
        }
        if (j >= sql.length() || !isIdentifierChar(sql.charAt(j))) {
            return false;
        }
        char e = sql.charAt(j);
        if ((e == 'e' || e == 'E') && j + 1 < sql.length() && (isDigit(sql.charAt(j + 1)) || sql.charAt(j + 1) == '-' || sql.charAt(j + 1) == '+')) {
            return false;
        }
        return true;
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> c;
        };
    }
}
