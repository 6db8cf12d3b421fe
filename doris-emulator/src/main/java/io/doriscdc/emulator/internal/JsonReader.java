package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSON body as Doris does (§1.2 JSON headers): with {@code read_json_by_line} each line is
 * an object (or, with {@code strip_outer_array}, an array of objects); otherwise the whole body is
 * one object or, with {@code strip_outer_array}, an array of objects. Unparseable input becomes
 * rejected rows. Stateless.
 */
final class JsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReader() {
    }

    static void read(String body, LoadOptions o, List<SourceRow> rows, List<Rejected> rejected) throws LoadException {
        if (o.readJsonByLine()) {
            for (String line : body.split(java.util.regex.Pattern.quote(o.lineDelimiter()))) {
                if (!line.isBlank()) {
                    readDocument(line, o.stripOuterArray(), rows, rejected);
                }
            }
        } else if (!body.isBlank()) {
            JsonNode doc = parse(body, rejected);
            if (doc != null && doc.isArray() && !o.stripOuterArray()) {
                throw LoadException.be("DATA_QUALITY_ERROR", "JSON data is array-object, `strip_outer_array` must be TRUE.");
            }
            if (doc != null) {
                addAll(body, doc, o.stripOuterArray(), rows, rejected);
            }
        }
    }

    private static void readDocument(String text, boolean strip, List<SourceRow> rows, List<Rejected> rejected) {
        JsonNode doc = parse(text, rejected);
        if (doc != null) {
            addAll(text, doc, strip, rows, rejected);
        }
    }

    private static void addAll(String text, JsonNode doc, boolean strip, List<SourceRow> rows, List<Rejected> rejected) {
        List<JsonNode> objects = new ArrayList<>();
        if (strip && doc.isArray()) {
            doc.forEach(objects::add);
        } else {
            objects.add(doc);
        }
        for (JsonNode obj : objects) {
            if (obj.isObject()) {
                rows.add(SourceRow.json(obj.toString(), obj));
            } else {
                rejected.add(new Rejected(obj.toString(), "Parse json data failed. code: 28, error info: The value is array type in json document but not object type"));
            }
        }
        if (objects.isEmpty() && !strip) {
            rejected.add(new Rejected(text, "Empty json line"));
        }
    }

    private static JsonNode parse(String text, List<Rejected> rejected) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            rejected.add(new Rejected(text, "Parse json data for JsonDoc failed. code: 3, error info: "
                    + e.getOriginalMessage()));
            return null;
        }
    }
}
