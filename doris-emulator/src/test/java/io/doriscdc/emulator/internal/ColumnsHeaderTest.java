package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnsHeaderTest {

    @Test
    void backquotedNamesMayHoldCommasSpacesQuotesNonAsciiLettersAndReservedWords() throws LoadException {
        assertThat(ColumnsHeader.parse("`a,b`, `with space`,`say \"hi\"`,`it's`,`名前`,`größe`,`select`,`from`,`order`,`a``b`,```,`"))
                .containsExactly("a,b", "with space", "say \"hi\"", "it's", "名前", "größe", "select", "from", "order", "a`b", "`,");
    }

    @Test
    void bareNamesAreIdentifiersOfLettersDigitsUnderscoreDollarAndNonAsciiCharacters() throws LoadException {
        assertThat(ColumnsHeader.parse("id, 名前 ,größe,$x,_y,1a,date,value")).containsExactly("id", "名前", "größe", "$x", "_y", "1a", "date", "value");
    }

    @Test
    void aBareCommaSplitsANameAndASpaceMakesAnAliasTheFeDrops() throws LoadException {
        assertThat(ColumnsHeader.parse("a,b,c")).containsExactly("a", "b", "c");
        assertThat(ColumnsHeader.parse("some space, x AS y, `q` `r`")).containsExactly("some", "x", "q");
    }

    @Test
    void dottedNamesReadAsNereidsUnboundSlotNames() throws LoadException {
        assertThat(ColumnsHeader.parse("`a`.`b`, a.b, `a.b`")).containsExactly("a.b", "a.b", "`a.b`");
    }

    @Test
    void aBareReservedWordIsASyntaxError() {
        assertThatThrownBy(() -> ColumnsHeader.parse("id,select,v")).isInstanceOf(LoadException.class)
                .hasMessage("[INTERNAL_ERROR]TStatus: SyntaxParseException: \nmismatched input 'select'(line 1, pos 10)\n");
        assertThatThrownBy(() -> ColumnsHeader.parse("order")).hasMessageContaining("mismatched input 'order'(line 1, pos 7)");
        assertThatThrownBy(() -> ColumnsHeader.parse("a,")).hasMessageContaining("mismatched input '<EOF>'");
        assertThatThrownBy(() -> ColumnsHeader.parse("`unterminated")).hasMessageContaining("SyntaxParseException")
                .hasMessageContaining("'`'(line 1, pos 7)");
        assertThatThrownBy(() -> ColumnsHeader.parse("a,,b")).hasMessageContaining("mismatched input ','");
    }

    @Test
    void aLiteralItemHitsTheFesBrokenFormatString() {
        assertThatThrownBy(() -> ColumnsHeader.parse("a, 1")).hasMessage("[INTERNAL_ERROR]TStatus: UnknownFormatConversionException: Conversion = 'i'");
        assertThatThrownBy(() -> ColumnsHeader.parse("'a'")).hasMessageContaining("UnknownFormatConversionException");
        assertThatThrownBy(() -> ColumnsHeader.parse("null")).hasMessageContaining("UnknownFormatConversionException");
    }

    @Test
    void mappingExpressionsAreRefusedAsUnsupportedByTheEmulator() {
        assertThatThrownBy(() -> ColumnsHeader.parse("a, b = a + 1")).hasMessageContaining("does not support column expressions");
    }
}
