package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLexerTest {
    @Test
    void backquotedIdentifiersUseDoubledBackquotes() {
        assertThat(SqlLexer.tokenize("SELECT * FROM `a``b`.`c d`;"))
                .extracting(SqlLexer.Token::text).containsExactly("SELECT", "*", "FROM", "a`b", ".", "c d");
    }

    @Test
    void stringLiteralsUnescape() {
        assertThat(SqlLexer.tokenize("'it''s' \"a\\\"b\"")).extracting(SqlLexer.Token::text).containsExactly("it's", "a\"b");
    }

    @Test
    void reservedWordsAreNoIdentifiersUnlessBackquoted() {
        assertThat(SqlLexer.tokenize("select `select` order date 名前 größe 1a 12"))
                .extracting(SqlLexer.Token::kind).containsExactly(SqlLexer.Kind.RESERVED, SqlLexer.Kind.QUOTED_IDENT,
                        SqlLexer.Kind.RESERVED, SqlLexer.Kind.WORD, SqlLexer.Kind.WORD, SqlLexer.Kind.WORD, SqlLexer.Kind.WORD,
                        SqlLexer.Kind.NUMBER);
    }
}
