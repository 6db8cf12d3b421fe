package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random documents, valid and broken, read by {@link JsonBodyReader} and by Jackson's tree alone: the
 * two readings must agree row for row, value for value, rejected row for rejected row.
 */
class JsonFuzzTest {
    private static final String[] NAMES = {"id", "ID", "Name", "name", "v", "V", "j", "seq", "__DORIS_DELETE_SIGN__", "other",
        "nämé", "na\\u006de", "\\\"q\\\"", ""};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "2147483648", "9223372036854775808", "-9223372036854775809",
        "1.0", "1.50", "-0.0", "1e2", "1E-7", "1e400", "-1e400", "1e-400", "0.1", "123456789012345678901234567890.25"};
    private static final String[] BAD_NUMBERS = {"01", "1.", ".5", "+1", "NaN", "1e", "-", "00", "0x1"};
    private static final String[] STRING_PARTS = {"a", "é", "名", "😀", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
        "\\u00e9", "\\u0000", "\\u001F", "\\uD83D\\uDE00", "\\uD800", "\\uDC00x", "\\u2028", " ", "\u007F"};
    private static final String[] BAD_STRING_PARTS = {"\t", "\\x", "\\u12", "\u0001", "\\u00G0"};
    private static final String BREAKERS = "{}[]\",:\\ a1-.e\u000B\u00a0";

    private final Random random = new Random(20261201);

    @Test
    void theFastPathReadsRandomDocumentsAsTheTreeDoes() throws LoadException {
        List<LoadOptions> variants = List.of(JsonLoads.options(true, false, null, "\n"), JsonLoads.options(true, true, null, "\n"),
                JsonLoads.options(true, false, List.of("id", "Name", "v", "j", "seq", "nämé", "__DORIS_DELETE_SIGN__"), "\n"),
                JsonLoads.options(false, true, null, "\n"));
        int fastDocuments = 0;
        int documents = 0;
        for (int round = 0; round < 400; round++) {
            LoadOptions o = variants.get(round % variants.size());
            StringBuilder body = new StringBuilder();
            int docs = o.readJsonByLine() ? 1 + random.nextInt(6) : 1;
            for (int d = 0; d < docs; d++) {
                String doc = o.stripOuterArray() && random.nextInt(3) > 0 ? array() : object(0);
                if (random.nextInt(6) == 0) {
                    doc = mutate(doc);
                }
                documents++;
                fastDocuments += JsonLoads.fastPathReads(doc, o) ? 1 : 0;
                body.append(doc).append(random.nextInt(8) == 0 ? "\r\n" : "\n");
            }
            byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(8) == 0) {
                b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80)); // malformed UTF-8, read as U+FFFD
            }
            assertThat(JsonLoads.fast(b, o)).as(body.toString()).isEqualTo(JsonLoads.tree(b, o));
        }
        // the comparison means something only if the fast path read many of them (the rest: broken, repeated fields)
        assertThat(fastDocuments).isGreaterThan(documents / 3);
    }

    @Test
    void aJsonColumnsCanonicalTextIsJacksonsPrintOfItsTreeOrLeftToJackson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        int printed = 0;
        for (int i = 0; i < 3000; i++) {
            String t = random.nextBoolean() ? object(1) : value(1);
            if (random.nextInt(6) == 0) {
                t = mutate(t);
            }
            String canonical = JsonCanonical.of(t);
            if (canonical != null) {
                printed++;
                assertThat(canonical).as(t).isEqualTo(jackson.writeValueAsString(jackson.readTree(t)));
            }
        }
        assertThat(printed).isGreaterThan(1000);
    }

    private String array() {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(ws()).append(random.nextInt(10) == 0 ? value(1) : object(1)).append(ws());
        }
        return sb.append(']').toString();
    }

    private String object(int depth) {
        StringBuilder sb = new StringBuilder("{");
        int n = random.nextInt(depth == 0 ? 7 : 3);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(ws()).append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"').append(ws())
                    .append(':').append(ws()).append(value(depth + 1)).append(ws());
        }
        return sb.append('}').toString();
    }

    private String value(int depth) {
        switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0, 1:
                return string();
            case 2, 3:
                return random.nextInt(15) == 0 ? BAD_NUMBERS[random.nextInt(BAD_NUMBERS.length)] : NUMBERS[random.nextInt(NUMBERS.length)];
            case 4:
                return List.of("true", "false", "null").get(random.nextInt(3));
            case 5:
                return random.nextBoolean() ? "\"" + random.nextInt(1000) + "\"" : "\"2024-0" + (1 + random.nextInt(9)) + "-01 10:00:00\"";
            case 6:
                return object(depth);
            default:
                StringBuilder sb = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(ws()).append(value(depth + 1));
                }
                return sb.append(ws()).append(']').toString();
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder("\"");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(30) == 0 ? BAD_STRING_PARTS[random.nextInt(BAD_STRING_PARTS.length)]
                    : STRING_PARTS[random.nextInt(STRING_PARTS.length)]);
        }
        return sb.append('"').toString();
    }

    private String ws() {
        return switch (random.nextInt(10)) {
            case 0 -> " ";
            case 1 -> "\t ";
            case 2 -> "\r";
            default -> "";
        };
    }

    private String mutate(String doc) {
        if (doc.isEmpty()) {
            return doc;
        }
        int at = random.nextInt(doc.length());
        return switch (random.nextInt(3)) {
            case 0 -> doc.substring(0, at) + doc.substring(at + 1);
            case 1 -> doc.substring(0, at) + BREAKERS.charAt(random.nextInt(BREAKERS.length())) + doc.substring(at);
            default -> doc.substring(0, at);
        };
    }
}
