package io.doriscdc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void postgresNamesAreAlwaysDoubleQuotedWithEmbeddedQuotesDoubled() {
        assertThat(Identifiers.quotePg("users")).isEqualTo("\"users\"");
        assertThat(Identifiers.quotePg("My\"Table")).isEqualTo("\"My\"\"Table\"");
        assertThat(Identifiers.quotePg("a.b")).isEqualTo("\"a.b\"");
        assertThat(Identifiers.quotePg("MixedCase")).isEqualTo("\"MixedCase\"");
        assertThat(Identifiers.quotePg("select")).isEqualTo("\"select\"");
        assertThat(Identifiers.quotePg("ünïcødé表")).isEqualTo("\"ünïcødé表\"");
        assertThat(Identifiers.quotePg("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void dorisNamesAreAlwaysBackquotedWithEmbeddedBackquotesDoubled() {
        assertThat(Identifiers.quoteDoris("users")).isEqualTo("`users`");
        assertThat(Identifiers.quoteDoris("my`tab")).isEqualTo("`my``tab`");
        assertThat(Identifiers.quoteDoris("a.b")).isEqualTo("`a.b`");
        assertThat(Identifiers.quoteDoris("order")).isEqualTo("`order`");
        assertThat(Identifiers.quoteDoris("表")).isEqualTo("`表`");
    }

    @Test
    void literalsEscapeQuotes() {
        assertThat(Identifiers.pgLiteral("it's")).isEqualTo("'it''s'");
        assertThat(Identifiers.dorisLiteral("it's a \\ path")).isEqualTo("'it\\'s a \\\\ path'");
    }

    @Test
    void emptyAndNulNamesAreRefused() {
        assertThatThrownBy(() -> Identifiers.quotePg("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Identifiers.quoteDoris("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Identifiers.pgLiteral("a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void dorisTableNamesFollowTheFeRules() {
        assertThat(Identifiers.isValidDorisName("users")).isTrue();
        assertThat(Identifiers.isValidDorisName("Users_2-x")).isTrue();
        assertThat(Identifiers.isValidDorisName("表格")).isTrue();
        assertThat(Identifiers.isValidDorisName("2users")).isFalse();
        assertThat(Identifiers.isValidDorisName("_users")).isFalse();
        assertThat(Identifiers.isValidDorisName("my.table")).isFalse();
        assertThat(Identifiers.isValidDorisName("my table")).isFalse();
        assertThat(Identifiers.isValidDorisName("a".repeat(64))).isTrue();
        assertThat(Identifiers.isValidDorisName("a".repeat(65))).isFalse();
        assertThat(Identifiers.isValidDorisName("")).isFalse();
        assertThat(Identifiers.isValidDorisName(null)).isFalse();
    }

    @Test
    void anInvalidDorisNameIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> Identifiers.requireDorisName("bad name", "Doris table"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid Doris table name 'bad name'");
    }

    @Test
    void dorisColumnNamesAllowWhatDorisAllowsWithUnicodeNames() {
        for (String ok : new String[] {"id", "_private", "Order Total", "a,b", "a`b", "`", "it's", "say \"hi\"", "名前", "größe",
            "select", "from", "order", " leading", "a=b", "x--y", "$1", "😀", "a".repeat(256)}) {
            assertThat(Identifiers.dorisColumnNameProblem(ok)).as(ok).isNull();
            assertThat(Identifiers.isValidDorisColumnName(ok)).as(ok).isTrue();
        }
    }

    @Test
    void dorisColumnNamesThatCannotBeMadeSafeAreRefusedWithTheReason() {
        assertThat(Identifiers.dorisColumnNameProblem("")).contains("empty");
        assertThat(Identifiers.dorisColumnNameProblem(null)).contains("empty");
        assertThat(Identifiers.dorisColumnNameProblem("a".repeat(257))).contains("256");
        assertThat(Identifiers.dorisColumnNameProblem("trailing ")).contains("whitespace");
        assertThat(Identifiers.dorisColumnNameProblem("a\nb")).contains("U+000A").contains("header");
        assertThat(Identifiers.dorisColumnNameProblem("a\rb")).contains("U+000D");
        assertThat(Identifiers.dorisColumnNameProblem("tab\tin")).contains("U+0009");
        assertThat(Identifiers.dorisColumnNameProblem("a.b")).contains("dot");
        assertThat(Identifiers.dorisColumnNameProblem("__DORIS_DELETE_SIGN__")).contains("__DORIS_");
        assertThat(Identifiers.dorisColumnNameProblem("__doris_cdc_version")).contains("__DORIS_");
        assertThat(Identifiers.isValidDorisColumnName("a.b")).isFalse();
    }

    @Test
    void anUnloadableColumnIsAConfigErrorNamingColumnTableAndReason() {
        assertThatThrownBy(() -> Identifiers.requireDorisColumnName("price.net", TableId.of("public", "orders")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'price.net' of public.orders")
                .hasMessageContaining("dot")
                .hasMessageContaining("rename");
        assertThatThrownBy(() -> Identifiers.requireDorisColumnName("a\nb", "public.t")).hasMessageContaining("'a\\u000ab'");
        assertThat(Identifiers.requireDorisColumnName("a,b", "public.t")).isEqualTo("a,b");
    }

    @Test
    void backquotingMakesEveryLoadableNameOneIdentifier() {
        assertThat(Identifiers.quoteDoris("a,b")).isEqualTo("`a,b`");
        assertThat(Identifiers.quoteDoris("``")).isEqualTo("``````");
        assertThat(Identifiers.quoteDoris("it's \"x\"")).isEqualTo("`it's \"x\"`");
        assertThat(Identifiers.quoteDoris("select")).isEqualTo("`select`");
    }
}
