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
    void dorisColumnNamesAllowWhatDorisAllows() {
        assertThat(Identifiers.isValidDorisColumnName("id")).isTrue();
        assertThat(Identifiers.isValidDorisColumnName("_private")).isTrue();
        assertThat(Identifiers.isValidDorisColumnName("Order Total")).isTrue();
        assertThat(Identifiers.isValidDorisColumnName("a`b")).isFalse();
        assertThat(Identifiers.isValidDorisColumnName("")).isFalse();
    }
}
