package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class JsonCanonicalTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** What the JSON column stored before the fast path: Jackson's tree of the text, written back. */
    private static String jackson(String text) throws Exception {
        return JACKSON.writeValueAsString(JACKSON.readTree(text));
    }

    @Test
    void printsAsJacksonPrintsTheTree() throws Exception {
        for (String t : List.of("{}", "[]", " { \"a\" : 1 , \"b\" : [ true , false , null ] } ", "{\"k\": 1, \"tags\": [\"a\", 1]}",
                "[-0, 0, -1, 1.50, 1e2, 1E-7, -0.0, 1e400, -1e400, 1e-400, 9223372036854775808, 0.1, 4.9e-324]",
                "{\"s\":\"\\u00e9\\u0000\\u001f\\b\\f\\n\\r\\t\\/\\\"\\\\\\u2028\\uD83D\\uDE00 é😀\u007F\"}",
                "{\"A\":{\"b\":{\"c\":[[[]]]}}}", "{\"a\":1} trailing", "[1]]",
                "{\"größe\":1,\"grösse\":2,\"名\":[\"名\"]}")) {
            assertThat(JsonCanonical.of(t)).as(t).isNotNull().isEqualTo(jackson(t));
        }
    }

    @Test
    void controlCharactersAreEscapedInUpperCaseHexAndNothingElseIs() {
        assertThat(JsonCanonical.of("[\"\\u0001\\u001F\\u007f\\u00FF\"]")).isEqualTo("[\"\\u0001\\u001F\u007f\u00ff\"]");
    }

    @Test
    void declinesRepeatedNamesScalarRootsAndWhatJacksonRefuses() throws Exception {
        for (String t : List.of("{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"c\":2,\"b\":3}}", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"a\":9}",
                "1", "\"x\"", "null", "", "  ", "{\"a\":01}", "{'a':1}", "[1,]", "{\"a\":NaN}", "{\"a\":\"\t\"}", "\u000B{}", "{\"a\":1",
                "\uFEFF{}")) {
            assertThat(JsonCanonical.of(t)).as(t).isNull();
        }
        assertThat(jackson("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo("{\"a\":3,\"b\":2}"); // why: the tree keeps the first position
    }

    @Test
    void aLoneSurrogateAndAnEscapedNameAreLeftToJackson() {
        assertThat(JsonCanonical.of("[\"\uD800\"]")).isNull();
        assertThat(JsonCanonical.of("[\"\\uD800\"]")).isNull();
        assertThat(JsonCanonical.of("{\"\\u0061\":1}")).isNull();
        assertThat(JsonCanonical.of("[\"\\uD83D\\uDE00\\u00e9\\n\"]")).isEqualTo("[\"\uD83D\uDE00\u00e9\\n\"]");
        assertThat(JsonCanonical.of("[\"\uD83D\uDE00\"]")).isEqualTo("[\"\uD83D\uDE00\"]");
    }

    @Test
    void nestingBeyondTheScannersDepthIsLeftToJackson() throws Exception {
        String deep = "[".repeat(JsonScanner.MAX_DEPTH + 1) + "]".repeat(JsonScanner.MAX_DEPTH + 1);
        assertThat(JsonCanonical.of(deep)).isNull();
        String ok = "[".repeat(JsonScanner.MAX_DEPTH) + "]".repeat(JsonScanner.MAX_DEPTH);
        assertThat(JsonCanonical.of(ok)).isEqualTo(jackson(ok));
    }
}
