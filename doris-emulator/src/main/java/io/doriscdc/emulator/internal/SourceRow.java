package io.doriscdc.emulator.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input row before conversion: field name (case-insensitive) → raw value, which is a
 * {@code String} (CSV), a {@code JsonNode} (JSON) or {@code null} for NULL ({@code \N}, JSON null).
 * A name that is not present is a missing column. Immutable after construction.
 */
final class SourceRow {
    private final Map<String, Object> fields = new HashMap<>();
    private final Map<String, String> originalNames = new HashMap<>();
    final String text;

    SourceRow(String text) {
        this.text = text;
    }

    static SourceRow csv(String line, List<String> names, List<String> values) {
        SourceRow r = new SourceRow(line);
        for (int i = 0; i < names.size(); i++) {
            r.put(names.get(i), values.get(i));
        }
        return r;
    }

    static SourceRow json(String text, JsonNode object) {
        SourceRow r = new SourceRow(text);
        object.fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().isNull() ? null : e.getValue()));
        return r;
    }

    private void put(String name, Object value) {
        String k = name.toLowerCase(Locale.ROOT);
        fields.put(k, value);
        originalNames.put(k, name);
    }

    /** A copy that only has the fields named in {@code allowed} (the {@code columns} header for JSON). */
    SourceRow restrict(List<String> allowed) {
        SourceRow r = new SourceRow(text);
        for (String a : allowed) {
            if (has(a)) {
                r.put(a, raw(a));
            }
        }
        return r;
    }

    boolean has(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    Object raw(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    Set<String> names() {
        return Set.copyOf(originalNames.values());
    }
}
