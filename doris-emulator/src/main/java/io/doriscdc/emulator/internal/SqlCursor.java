package io.doriscdc.emulator.internal;

import java.util.List;

/** A position in a token list with the small helpers a recursive-descent parser needs. Not thread-safe. */
final class SqlCursor {
    private final List<SqlLexer.Token> tokens;
    private int pos;

    SqlCursor(List<SqlLexer.Token> tokens) {
        this.tokens = tokens;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    SqlLexer.Token peek() {
        return atEnd() ? new SqlLexer.Token(SqlLexer.Kind.SYMBOL, "<EOF>") : tokens.get(pos);
    }

    SqlLexer.Token next() {
        SqlLexer.Token t = peek();
        pos++;
        return t;
    }

    boolean accept(String word) {
        if (peek().is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean acceptAll(String... words) {
        int save = pos;
        for (String w : words) {
            if (!accept(w)) {
                pos = save;
                return false;
            }
        }
        return true;
    }

    void expect(String word) {
        if (!accept(word)) {
            throw error("expected " + word);
        }
    }

    String identifier() {
        SqlLexer.Token t = next();
        if (t.kind() != SqlLexer.Kind.WORD && t.kind() != SqlLexer.Kind.QUOTED_IDENT) {
            pos--;
            throw error("expected an identifier");
        }
        return t.text();
    }

    String stringLiteral() {
        SqlLexer.Token t = next();
        if (t.kind() != SqlLexer.Kind.STRING) {
            pos--;
            throw error("expected a string literal");
        }
        return t.text();
    }

    int integer() {
        SqlLexer.Token t = next();
        if (t.kind() != SqlLexer.Kind.NUMBER) {
            pos--;
            throw error("expected a number");
        }
        return Integer.parseInt(t.text());
    }

    /** Skips a balanced parenthesised group starting at the current '('. */
    void skipParens() {
        expect("(");
        int depth = 1;
        while (depth > 0) {
            if (atEnd()) {
                throw error("unbalanced parentheses");
            }
            SqlLexer.Token t = next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
        }
    }

    SqlException error(String what) {
        return new SqlException("Syntax error: " + what + " near '" + peek().text() + "'");
    }
}
