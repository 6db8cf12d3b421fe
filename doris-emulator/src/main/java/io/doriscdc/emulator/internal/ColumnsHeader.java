package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Stream Load {@code columns} header read as Doris reads it. The FE parses the header as the select
 * list of {@code "SELECT " + columns} with the Nereids parser ({@code NereidsLoadUtils.parseExpressionSeq},
 * called by {@code NereidsStreamLoadTask.setColumnToColumnExpr}), so:
 * <ul>
 *   <li>a name is a bare identifier ({@code (LETTER | DIGIT | '_')+}, non-ASCII letters included) or a
 *       backquoted one ({@code `a,b`}, {@code `it``s`}; {@code DorisLexer.g4} {@code BACKQUOTED_IDENTIFIER},
 *       unescaped by {@code PostProcessor.exitQuotedIdentifier}); a bare reserved word
 *       ({@link ReservedWords}) is a syntax error;</li>
 *   <li>{@code a b} and {@code a AS b} are the column {@code a} with an alias the FE drops
 *       ({@code processProject} keeps {@code UnboundAlias.child(0)});</li>
 *   <li>{@code `a`.`b`} is the name {@code a.b}, and a single backquoted part holding a dot keeps its
 *       backquotes: {@code `a.b`} is the name {@code `a.b`} ({@code UnboundSlot.getName()});</li>
 *   <li>a literal item ({@code 1}, {@code 'x'}, {@code NULL}) reaches {@code String.format("% is unsupported", expr)},
 *       whose format string is itself invalid: {@code UnknownFormatConversionException: Conversion = 'i'};</li>
 *   <li>a syntax error is a {@code SyntaxParseException} ({@code ParseErrorListener}), which the FE's
 *       {@code streamLoadPut} answers as {@code INTERNAL_ERROR} with the exception's simple name
 *       ({@code FrontendServiceImpl}) and the BE prefixes with {@code TStatus: } ({@code Status::create}).
 *       Doris's ANTLR text goes on with {@code expecting {...}}, the tokens it would accept; the emulator
 *       gives the offending token and position only.</li>
 * </ul>
 * Mapping expressions ({@code k = expr}) are not emulated. Stateless.
 */
final class ColumnsHeader {
    private static final String PREFIX = "SELECT ";
    /** Reserved words that continue an expression after a name. */
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "XOR", "IS", "IN", "NOT", "BETWEEN",
            "LIKE", "REGEXP", "DIV", "COLLATE", "OVER");

    private enum Kind { IDENT, QUOTED, RESERVED, LITERAL, SYMBOL, UNRECOGNIZED, EOF }

    private record Token(Kind kind, String text, int at) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.RESERVED) && text.equalsIgnoreCase(symbol);
        }

        boolean isName() {
            return kind == Kind.IDENT || kind == Kind.QUOTED;
        }
    }

    private ColumnsHeader() {
    }

    /** The source column names of a non-blank {@code columns} header, in order. */
    static List<String> parse(String header) throws LoadException {
        String sql = PREFIX + header;
        List<Token> tokens = tokenize(sql);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.LITERAL || t.is("NULL") || t.is("TRUE") || t.is("FALSE")) {
                throw new LoadException("Fail", "[INTERNAL_ERROR]TStatus: UnknownFormatConversionException: Conversion = 'i'");
            }
            if (!t.isName()) {
                throw syntaxError(sql, t);
            }
            List<Token> parts = new ArrayList<>(List.of(t));
            i++;
            while (tokens.get(i).is(".")) {
                Token part = tokens.get(i + 1);
                if (!part.isName()) {
                    throw syntaxError(sql, part);
                }
                parts.add(part);
                i += 2;
            }
            Token next = tokens.get(i);
            if (next.is("AS")) {
                Token alias = tokens.get(i + 1);
                if (!alias.isName() && alias.kind() != Kind.LITERAL) {
                    throw syntaxError(sql, alias);
                }
                i += 2;
            } else if (next.isName()) {
                i++;
            } else if ((next.kind() == Kind.SYMBOL && !next.is(","))
                    || (next.kind() == Kind.RESERVED && OPERATORS.contains(next.text().toUpperCase(Locale.ROOT)))) {
                throw LoadException.fe("the emulator does not support column expressions in 'columns': " + header);
            }
            out.add(name(parts));
            Token sep = tokens.get(i);
            if (sep.kind() == Kind.EOF) {
                return out;
            }
            if (!sep.is(",")) {
                throw syntaxError(sql, sep);
            }
            i++;
        }
    }

    /** {@code UnboundSlot.getName()}: the parts joined by dots, a part that holds a dot in backquotes. */
    private static String name(List<Token> parts) {
        StringBuilder sb = new StringBuilder();
        for (Token p : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(p.text().contains(".") ? "`" + p.text() + "`" : p.text());
        }
        return sb.toString();
    }

    private static LoadException syntaxError(String sql, Token t) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < t.at() && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String shown = t.kind() == Kind.EOF ? "<EOF>" : t.text();
        return new LoadException("Fail", "[INTERNAL_ERROR]TStatus: SyntaxParseException: \nmismatched input '" + shown + "'(line "
                + line + ", pos " + (t.at() - lineStart) + ")\n");
    }

    private static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = PREFIX.length();
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (c == ' ' || c == '\r' || c == '\n' || c == '\t') {
                i++;
            } else if (c == '`') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '`' && i + 1 < n && sql.charAt(i + 1) == '`') {
                        sb.append('`');
                        i += 2;
                    } else if (d == '`') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (closed) {
                    out.add(new Token(Kind.QUOTED, sb.toString(), start));
                } else {
                    // no BACKQUOTED_IDENTIFIER matches: the lexer's catch-all UNRECOGNIZED takes the one character
                    out.add(new Token(Kind.UNRECOGNIZED, "`", start));
                    i = start + 1;
                }
            } else if (c == '\'' || c == '"') {
                i++;
                while (i < n && sql.charAt(i) != c) {
                    i += sql.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
                out.add(new Token(Kind.LITERAL, sql.substring(start, i), start));
            } else if (SqlLexer.isIdentifierChar(c)) {
                while (i < n && SqlLexer.isIdentifierChar(sql.charAt(i))) {
                    i++;
                }
                String word = sql.substring(start, i);
                Kind kind = word.chars().allMatch(Character::isDigit) ? Kind.LITERAL
                        : ReservedWords.isReserved(word) ? Kind.RESERVED : Kind.IDENT;
                out.add(new Token(kind, word, start));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
                i++;
            }
        }
        out.add(new Token(Kind.EOF, "", n));
        return out;
    }
}
