package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonBodyReaderTest {
    private static final LoadOptions LINES = JsonLoads.options(true, false, null, "\n");
    private static final LoadOptions LINES_STRIP = JsonLoads.options(true, true, null, "\n");
    private static final LoadOptions HEADER = JsonLoads.options(true, false, List.of("id", "Name", "v", "j", "seq"), "\n");

    private static void sameAsTree(String body, LoadOptions o) throws LoadException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonLoads.fast(b, o)).as(body).isEqualTo(JsonLoads.tree(b, o));
    }

    @Test
    void scalarsReadAsTheTreesTextAndNestedValuesAsItsCompactPrint() throws LoadException {
        String doc = "{ \"id\" : -0, \"Name\":\"a\\u00e9\\n\\\"q\\\" 名\", \"v\": 1E2, \"j\": {\"b\" : [1, 2.50, true, null, \"\\u0001/\"]},"
                + " \"seq\": 170141183460469231731687303715884105727, \"__DORIS_DELETE_SIGN__\": true, \"other\": [1, {\"x\": 1, \"x\": 2}]}";
        assertThat(JsonLoads.fastPathReads(doc, LINES)).isTrue();
        assertThat(JsonLoads.fast(doc, LINES)).containsExactly("row " + "{\"id\":0,\"Name\":\"aé\\n\\\"q\\\" 名\",\"v\":100.0,"
                + "\"j\":{\"b\":[1,2.5,true,null,\"\\u0001/\"]},\"seq\":170141183460469231731687303715884105727,"
                + "\"__DORIS_DELETE_SIGN__\":true,\"other\":[1,{\"x\":2}]} | String:0 String:aé\n\"q\" 名 String:100.0 "
                + "String:{\"b\":[1,2.5,true,null,\"\\u0001/\"]} String:170141183460469231731687303715884105727 - Boolean:true");
        sameAsTree(doc, LINES);
    }

    @Test
    void numbersAtTheEdgesOfIntLongAndDoubleReadAsTheTreeReadsThem() throws LoadException {
        for (String n : List.of("0", "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "1.0", "-0.0", "0.1", "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157E308",
                "123456789012345678901234567890.5", "1E+2", "1e-7", "3.141592653589793238462643")) {
            String doc = "{\"id\":1,\"v\":" + n + ",\"j\":[" + n + "]}";
            assertThat(JsonLoads.fastPathReads(doc, LINES)).as(n).isTrue();
            sameAsTree(doc, LINES);
        }
        assertThat(JsonLoads.fast("{\"v\":1e400,\"j\":[1e400,-1e400]}", LINES).get(0)).endsWith("String:Infinity String:[\"Infinity\",\"-Infinity\"] - - -");
    }

    @Test
    void whatJacksonRefusesIsDeclinedAndRejectedWithJacksonsMessage() throws LoadException {
        for (String doc : List.of("{\"v\":01}", "{\"v\":1.}", "{\"v\":.5}", "{\"v\":+1}", "{\"v\":NaN}", "{'v':1}", "{v:1}",
                "{\"v\":\"a\tb\"}", "{\"v\":\"\\x\"}", "{\"v\":\"\\u12G4\"}", "{\"v\":\"\\u０１２３\"}", "{\"v\":1,}", "{\"v\":[1,]}",
                "{\"v\":tru}", "{\"v\":truex}", "{\"v\":1 /*c*/}", "{\"v\":\u000B1}", "{\"v\":1", "{\"v\":\"x", "{\"v\" 1}", "{\"j\":[1 2]}",
                "{\"j\":{\"a\" 1}}", "{\"v\":-}", "{\"v\":1e}", "{\"v\":0x1F}")) {
            assertThat(JsonLoads.fastPathReads(doc, LINES)).as(doc).isFalse();
            List<String> read = JsonLoads.fast(doc, LINES);
            assertThat(read).as(doc).hasSize(1).allMatch(r -> r.startsWith("rejected " + doc + " | Parse json data for JsonDoc failed."));
            sameAsTree(doc, LINES);
        }
    }

    @Test
    void aFieldSetTwiceGoesThroughTheTreeWhichKeepsItsOwnOrder() throws LoadException {
        for (String doc : List.of("{\"v\":1,\"v\":2}", "{\"v\":1,\"V\":2,\"v\":3}", "{\"Name\":\"a\",\"name\":\"b\"}", "{\"id\":1,\"\\u0069d\":2}")) {
            assertThat(JsonLoads.fastPathReads(doc, LINES)).as(doc).isFalse();
            sameAsTree(doc, LINES);
        }
        assertThat(JsonLoads.fast("{\"v\":1,\"V\":2,\"v\":3}", LINES).get(0)).contains("| - - String:2 -");
        assertThat(JsonLoads.fastPathReads("{\"other\":1,\"other\":2,\"v\":1}", LINES)).isTrue();
    }

    @Test
    void fieldsInAnotherOrderOrWithLongerShorterOrEscapedNamesThanTheRowBeforeAreReadByTheirOwnNames() throws LoadException {
        String body = "{\"id\":1,\"v\":\"a\"}\n{\"id\":2,\"vv\":\"b\"}\n{\"v\":\"c\",\"id\":3}\n{\"i\":4,\"v\":\"d\"}\n"
                + "{\"\\u0069d\":5,\"v\\\"\":\"e\"}\n{\"id\":6,\"v\":\"f\"}\n{\"ID\":7,\"V\":\"g\"}";
        assertThat(JsonLoads.fast(body, LINES)).extracting(r -> r.substring(r.indexOf('|'))).containsExactly(
                "| String:1 - String:a - - - -", "| String:2 - - - - - -", "| String:3 - String:c - - - -", "| - - String:d - - - -",
                "| String:5 - - - - - -", "| String:6 - String:f - - - -", "| String:7 - String:g - - - -");
        sameAsTree(body, LINES);
    }

    @Test
    void aColumnsHeaderMatchesFieldNamesByteForByte() throws LoadException {
        assertThat(JsonLoads.fast("{\"name\":\"x\",\"NAME\":\"y\",\"Name\":\"z\",\"id\":1}", HEADER).get(0)).endsWith("| String:1 String:z - - - - -");
        assertThat(JsonLoads.fast("{\"name\":\"x\",\"extra\":1}", HEADER)).containsExactly("rejected {\"name\":\"x\",\"extra\":1} | "
                + "There is no column matching jsonpaths in the json file, columns:[id, Name, v, j, seq, ], please check columns and jsonpaths:");
        assertThat(JsonLoads.fast("{\"\\u004eame\":\"esc\"}", HEADER).get(0)).endsWith("| - String:esc - - - - -");
        for (String doc : List.of("{}", "{\"seq\":null}", "{\"x\":[1,{\"y\":2}],\"id\":2}", "{\"Name\":\"a\",\"Name\":\"b\"}")) {
            sameAsTree(doc, HEADER);
        }
    }

    @Test
    void linesBlankLinesAndDelimitersSplitAsStringSplitDid() throws LoadException {
        sameAsTree("{\"id\":1}\r\n\r\n  \n\t\n{\"id\":2} trailing text\n\u000B\n\u2028\n[{\"id\":3}]\n\"x\"\n1\nnull\n", LINES);
        sameAsTree("{\"id\":1}||{\"id\":2}|||{\"id\":3}|", JsonLoads.options(true, false, null, "||"));
        sameAsTree("{\"id\":1}é{\"id\":2}", JsonLoads.options(true, false, null, "é"));
        sameAsTree("{}", JsonLoads.options(true, false, null, ""));
        sameAsTree("", LINES);
        assertThat(JsonLoads.fast("{\"id\":1}\n\n{\"id\":2}\n", LINES)).hasSize(2);
    }

    @Test
    void stripOuterArrayReadsEachObjectAndRejectsOtherElementsThroughTheTree() throws LoadException {
        String doc = "[{\"id\":1}, {\"id\":2,\"j\":[]} ,{}]";
        assertThat(JsonLoads.fastPathReads(doc, LINES_STRIP)).isTrue();
        assertThat(JsonLoads.fast(doc, LINES_STRIP)).hasSize(3);
        for (String d : List.of(doc, "[]", "[ ]", "[{\"id\":1}, 2, \"x\", [3]]", "[{\"id\":1}", "{\"id\":7}", "[{\"id\":1}] [{\"id\":2}]")) {
            sameAsTree(d, LINES_STRIP);
            sameAsTree(d, JsonLoads.options(false, true, null, "\n"));
        }
    }

    @Test
    void aBodyNotReadByLineIsOneDocument() throws LoadException {
        LoadOptions body = JsonLoads.options(false, false, null, "\n");
        sameAsTree("  {\"id\":1,\"v\":\"a\"}\n{\"id\":2}", body);
        sameAsTree(" \n ", body);
        sameAsTree("{\"id\":1,", body);
        assertThat(JsonLoads.fast("{\"id\":1}\n{\"id\":2}", body)).hasSize(1);
    }

    @Test
    void malformedUtf8ReadsAsReplacementCharactersAsTheDecodedBodyDid() throws LoadException {
        byte[][] bodies = {
            {'{', '"', 'v', '"', ':', '"', (byte) 0xE2, '"', '}', '\n', '{', '"', 'v', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, '"', '}'},
            {'{', '"', 'v', (byte) 0xC3, '"', ':', '1', '}', '\n', '{', '"', 'v', '"', ':', (byte) 0xFF, '}'},
            {'{', '"', 'j', '"', ':', '{', '"', (byte) 0xC3, '"', ':', '1', ',', '"', (byte) 0xE2, '"', ':', '2', ',', '"', (byte) 0xC3,
                (byte) 0xA9, '"', ':', '"', (byte) 0xFF, '"', '}', '}'},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'v', '"', ':', '1', '}', '\n', (byte) 0xC3, '\n', '{', '"', 'v', '"', ':', '"',
                (byte) 0xC3, (byte) 0xA9, (byte) 0x80, '\\', 'n', (byte) 0xE2, (byte) 0x82, '"', '}'},
        };
        for (byte[] b : bodies) {
            assertThat(JsonLoads.fast(b, LINES)).isEqualTo(JsonLoads.tree(b, LINES));
        }
    }
}
