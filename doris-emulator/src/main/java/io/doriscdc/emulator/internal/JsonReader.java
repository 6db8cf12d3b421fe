package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON body as Doris does (§1.2 JSON headers): with {@code read_json_by_line} each line is
 * an object (or, with {@code strip_outer_array}, an array of objects); otherwise the whole body is
 * one object or, with {@code strip_outer_array}, an array of objects. Unparseable input becomes
 * rejected rows. With a {@code columns} header a field belongs to a column only when its (unescaped) name
 * equals the header's name byte for byte: the BE looks fields up in a hash map of the file slots' names
 * ({@code NewJsonReader::_column_index}, {@code _slot_desc_index}), which are the header's names as written
 * ({@code NereidsLoadScanProvider}: {@code realColName = columnName}); other fields are ignored. Stateless.
 */
final class JsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReader() {
    }

    static void read(String body, LoadOptions o, List<SourceRow> rows, List<Rejected> rejected) throws LoadException {
        Set<String> slots = o.columns() == null ? null : new LinkedHashSet<>(o.columns());
        if (o.readJsonByLine()) {
            for (String line : body.split(java.util.regex.Pattern.quote(o.lineDelimiter()))) {
                if (!line.isBlank()) {
                    readDocument(line, o.stripOuterArray(), slots, rows, rejected);
                }
            }
        } else if (!body.isBlank()) {
            JsonNode doc = parse(body, rejected);
            if (doc != null && doc.isArray() && !o.stripOuterArray()) {
                throw LoadException.be("DATA_QUALITY_ERROR", "JSON data is array-object, `strip_outer_array` must be TRUE.");
            }
            if (doc != null) {
                addAll(body, doc, o.stripOuterArray(), slots, rows, rejected);
            }
        }
    }

    private static void readDocument(String text, boolean strip, Set<String> slots, List<SourceRow> rows, List<Rejected> rejected) {
        JsonNode doc = parse(text, rejected);
        if (doc != null) {
            addAll(text, doc, strip, slots, rows, rejected);
        }
    }

    /** The fields of {@code obj} whose names are exactly a slot name. */
    private static JsonNode matching(JsonNode obj, Set<String> slots) {
        if (slots == null) {
            return obj;
        }
        ObjectNode out = MAPPER.createObjectNode();
        obj.fields().forEachRemaining(e -> {
            if (slots.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static void addAll(String text, JsonNode doc, boolean strip, Set<String> slots, List<SourceRow> rows, List<Rejected> rejected) {
        List<JsonNode> objects = new ArrayList<>();
        if (strip && doc.isArray()) {
            doc.forEach(objects::add);
        } else {
            objects.add(doc);
        }
        for (JsonNode obj : objects) {
            if (obj.isObject()) {
                JsonNode fields = matching(obj, slots);
                if (slots != null && fields.isEmpty()) {
                    // NewJsonReader::_simdjson_set_column_value: no field matched a slot
                    rejected.add(new Rejected(obj.toString(), "There is no column matching jsonpaths in the json file, columns:["
                            + String.join(", ", slots) + ", ], please check columns and jsonpaths:"));
                } else {
                    rows.add(SourceRow.json(obj.toString(), fields));
                }
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
