package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {
    @Test
    void enclosedDelimitersAreDataAndEscapeMakesTheNextCharLiteral() {
        List<CsvReader.Line> lines = CsvReader.read("1,'a,\nb','x\\'y'\n2,\\N,''\n", ",", "\n", '\'', '\\');
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).fields()).containsExactly("1", "a,\nb", "x'y");
        assertThat(lines.get(1).fields()).isEqualTo(Arrays.asList("2", null, ""));
    }

    @Test
    void multiCharDelimitersAndNoTrailingEmptyLine() {
        assertThat(CsvReader.read("a@@b##c@@d##", "@@", "##", null, null))
                .extracting(CsvReader.Line::fields).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }
}
