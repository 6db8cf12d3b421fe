package io.doriscdc.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The pipelines a file declares: the top-level {@code slot}, {@code publication} and {@code tables}
 * of a file of one pipeline, or the entries of {@code pipelines:}, whose names, slots and
 * publications must differ. Not thread-safe; one per read.
 */
final class Shards {

    private static final List<String> OWN_KEYS = List.of("slot", "publication", "tables");

    private final YamlDocument doc;
    private final BiFunction<JsonNode, String, Optional<String>> text;
    private final BiFunction<String, String, ConfigError> error;

    Shards(YamlDocument doc, BiFunction<JsonNode, String, Optional<String>> text, BiFunction<String, String, ConfigError> error) {
        this.doc = doc;
        this.text = text;
        this.error = error;
    }

    List<Shard> read() {
        JsonNode list = doc.root().path("pipelines");
        if (list.isMissingNode()) {
            String slot = text.apply(doc.root().path("slot"), "slot").orElse("doris_cdc");
            return List.of(new Shard(slot, slot, "slot", text.apply(doc.root().path("publication"), "publication"), ""));
        }
        for (String key : OWN_KEYS) {
            if (doc.root().has(key)) {
                throw error.apply(key, "cannot be used with pipelines: (line " + doc.line("pipelines") + "); move it into each entry of pipelines:");
            }
        }
        if (list.isEmpty()) {
            throw error.apply("pipelines", "needs at least one entry, e.g.\n  pipelines:\n    - name: orders\n      tables:\n"
                    + "        - source: public.orders\n          target: shop.orders");
        }
        List<Shard> shards = new ArrayList<>();
        Map<String, String> slots = new HashMap<>();
        Map<String, String> publications = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "pipelines[" + i + "].";
            JsonNode entry = list.get(i);
            String name = text.apply(entry.path("name"), at + "name").map(String::trim).filter(n -> !n.isEmpty())
                    .orElseThrow(() -> error.apply(at + "name", "is required: the pipeline's name (and its slot unless slot is given)"));
            if (shards.stream().anyMatch(s -> s.name().equals(name))) {
                throw error.apply(at + "name", "'" + name + "' names two pipelines; give each its own name");
            }
            String slotKey = entry.has("slot") ? at + "slot" : at + "name";
            String slot = text.apply(entry.path("slot"), at + "slot").orElse(name);
            String other = slots.putIfAbsent(slot, name);
            if (other != null) {
                throw error.apply(slotKey, "slot '" + slot + "' is already pipeline " + other + "'s: each pipeline needs its own slot");
            }
            Optional<String> publication = text.apply(entry.path("publication"), at + "publication");
            String pub = publication.orElse(slot);
            other = publications.putIfAbsent(pub, name);
            if (other != null) {
                throw error.apply(publication.isPresent() ? at + "publication" : slotKey, "publication '" + pub + "' is already pipeline " + other
                        + "'s: each pipeline needs its own, or each slot decodes and sends the other's tables");
            }
            shards.add(new Shard(name, slot, slotKey, Optional.of(pub), at));
        }
        return shards;
    }
}
