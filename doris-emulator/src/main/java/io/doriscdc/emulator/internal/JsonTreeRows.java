package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSON document through Jackson's tree: the reference reading of {@link JsonBodyReader}, taken
 * for every document its fast path ({@link JsonFastRows}) declines, and so the source of every parse
 * error's text. A document that is an object is a row; with {@code strip_outer_array} an array's
 * elements are; anything else is rejected. With a {@code columns} header only fields whose name equals
 * one of the header's names byte for byte count ({@code header}); no such field rejects the row.
 * Field values become {@link SourceRow} values: {@code null}, a {@code Boolean}, the text of another
 * scalar ({@code asText()}) or the compact text of an object or array ({@code toString()}).
 *
 * <p>Stateless and thread-safe.
 */
final class JsonTreeRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTreeRows() {
    }

    /** Reads {@code text} as one document; a document that does not parse is a rejected row. */
    static void readDocument(String text, boolean strip, Set<String> header, RowLayout layout, List<SourceRow> rows,
                             List<Rejected> rejected) {
        JsonNode doc = parse(text, rejected);
        if (doc != null) {
            addAll(text, doc, strip, header, layout, rows, rejected);
        }
    }

    /** Reads a whole body that is not read by line: one object or, with {@code strip_outer_array}, an array of objects. */
    static void readBody(String body, boolean strip, Set<String> header, RowLayout layout, List<SourceRow> rows,
                         List<Rejected> rejected) throws LoadException {
        JsonNode doc = parse(body, rejected);
        if (doc != null && doc.isArray() && !strip) {
            throw LoadException.be("DATA_QUALITY_ERROR", "JSON data is array-object, `strip_outer_array` must be TRUE.");
        }
        if (doc != null) {
            addAll(body, doc, strip, header, layout, rows, rejected);
        }
    }

    /** The JSON object {@code text} as Jackson prints it (compact), as the error log shows a row. */
    static String printed(String text) {
        try {
            return MAPPER.readTree(text).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row that parsed once does not parse again: " + text, e);
        }
    }

    /** The reason of a row none of whose fields is in the {@code columns} header. */
    static String noMatchingColumn(Set<String> header) {
        // NewJsonReader::_simdjson_set_column_value: no field matched a slot
        return "There is no column matching jsonpaths in the json file, columns:[" + String.join(", ", header)
                + ", ], please check columns and jsonpaths:";
    }

    private static void addAll(String text, JsonNode doc, boolean strip, Set<String> header, RowLayout layout,
                               List<SourceRow> rows, List<Rejected> rejected) {
        List<JsonNode> objects = new ArrayList<>();
        if (strip && doc.isArray()) {
            doc.forEach(objects::add);
        } else {
            objects.add(doc);
        }
        for (JsonNode obj : objects) {
            if (obj.isObject()) {
                SourceRow row = SourceRow.of(layout, obj.toString());
                boolean matched = false;
                for (Map.Entry<String, JsonNode> e : obj.properties()) {
                    if (header == null || header.contains(e.getKey())) {
                        matched = true;
                        row.set(layout.slot(e.getKey()), value(e.getValue()));
                    }
                }
                if (header != null && !matched) {
                    rejected.add(new Rejected(obj.toString(), noMatchingColumn(header)));
                } else {
                    rows.add(row);
                }
            } else {
                rejected.add(new Rejected(obj.toString(), "Parse json data failed. code: 28, error info: The value is array type in json document but not object type"));
            }
        }
        if (objects.isEmpty() && !strip) {
            rejected.add(new Rejected(text, "Empty json line"));
        }
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isValueNode() ? v.asText() : v.toString();
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
