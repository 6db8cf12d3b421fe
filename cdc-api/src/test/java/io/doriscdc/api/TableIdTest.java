package io.doriscdc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableIdTest {

    @Test
    void anUnqualifiedNameIsInPublic() {
        assertThat(TableId.parse("users")).isEqualTo(TableId.of("public", "users"));
    }

    @Test
    void unquotedNamesFoldToLowerCaseLikePostgres() {
        assertThat(TableId.parse("Sales.Orders")).isEqualTo(TableId.of("sales", "orders"));
    }

    @Test
    void quotedNamesKeepCaseDotsAndQuotes() {
        assertThat(TableId.parse("\"Sales\".\"Order.Lines\"")).isEqualTo(TableId.of("Sales", "Order.Lines"));
        assertThat(TableId.parse("\"we\"\"ird\"")).isEqualTo(TableId.of("public", "we\"ird"));
        assertThat(TableId.parse("\"select\"")).isEqualTo(TableId.of("public", "select"));
        assertThat(TableId.parse("\"日本\".\"表\"")).isEqualTo(TableId.of("日本", "表"));
    }

    @Test
    void sqlFormIsAlwaysQuoted() {
        assertThat(TableId.of("public", "users").toSql()).isEqualTo("\"public\".\"users\"");
        assertThat(TableId.of("My Schema", "a\"b").toSql()).isEqualTo("\"My Schema\".\"a\"\"b\"");
    }

    @Test
    void displayFormReadsBackTheSame() {
        for (TableId id : new TableId[] {TableId.of("public", "users"), TableId.of("Sales", "Order.Lines"),
                TableId.of("s", "we\"ird"), TableId.of("x", "select2"), TableId.of("日本", "表")}) {
            assertThat(TableId.parse(id.toString())).isEqualTo(id);
        }
        assertThat(TableId.of("public", "users")).hasToString("public.users");
        assertThat(TableId.of("Sales", "Order.Lines")).hasToString("\"Sales\".\"Order.Lines\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a.b.c", "a.", ".a", "\"open", "a b", "a\"b", "\"\""})
    void rejectsMalformedNames(String text) {
        assertThatThrownBy(() -> TableId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dorisTableIdsParseAndValidate() {
        assertThat(DorisTableId.parse("mydb.users")).isEqualTo(DorisTableId.of("mydb", "users"));
        assertThat(DorisTableId.of("mydb", "users").toSql()).isEqualTo("`mydb`.`users`");
        assertThatThrownBy(() -> DorisTableId.parse("users")).isInstanceOf(ConfigException.class).hasMessageContaining("database.table");
        assertThatThrownBy(() -> DorisTableId.of("mydb", "bad name")).isInstanceOf(ConfigException.class).hasMessageContaining("'bad name'");
    }
}
