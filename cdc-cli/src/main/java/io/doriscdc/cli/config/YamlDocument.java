package io.doriscdc.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML file: its tree, and the line of every key (by dotted path, list items as
 * {@code tables[0].source}), so that every error can name the line. Immutable after parsing.
 */
public final class YamlDocument {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final String source;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String source, JsonNode root, Map<String, Integer> lines) {
        this.source = source;
        this.root = root;
        this.lines = lines;
    }

    /**
     * Parses YAML text.
     *
     * @param source the file name, used in messages
     * @throws ConfigError on a syntax error (naming the line) or when the top level is not a mapping
     */
    public static YamlDocument parse(String source, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigError(source, line, "", "is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigError(source, 1, "", "is empty; see docs/configuration.md for a complete example");
        }
        if (!root.isObject()) {
            throw new ConfigError(source, 1, "", "must be a mapping of keys (postgres:, transport:, tables: ...), not a " + root.getNodeType());
        }
        return new YamlDocument(source, root, keyLines(text));
    }

    private static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<int[]> arrayIndex = new ArrayDeque<>();
        try (JsonParser p = YAML.createParser(text)) {
            String pending = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> {
                        pending = p.currentName();
                        lines.put(join(path, pending), p.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String segment = segment(path, arrayIndex, pending);
                        if (pending == null && !segment.isEmpty()) { // a list item: its line is the line of its '- '
                            lines.putIfAbsent(join(path, segment), p.currentTokenLocation().getLineNr());
                        }
                        path.push(segment);
                        arrayIndex.push(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.pop();
                        arrayIndex.pop();
                        if (!arrayIndex.isEmpty() && arrayIndex.peek()[0] >= 0) {
                            arrayIndex.peek()[0]++;
                        }
                    }
                    default -> {
                        if (pending == null && !arrayIndex.isEmpty() && arrayIndex.peek()[0] >= 0) {
                            lines.put(join(path, "[" + arrayIndex.peek()[0] + "]"), p.currentTokenLocation().getLineNr());
                            arrayIndex.peek()[0]++;
                        }
                        pending = null;
                    }
                }
            }
        } catch (IOException e) {
            // the tree parse above already succeeded; a location map short of a line or two only loses line numbers
        }
        return lines;
    }

    private static String segment(Deque<String> path, Deque<int[]> arrayIndex, String pending) {
        if (pending != null) {
            return pending;
        }
        if (!arrayIndex.isEmpty() && arrayIndex.peek()[0] >= 0) {
            String s = "[" + arrayIndex.peek()[0] + "]";
            return s;
        }
        return "";
    }

    private static String join(Deque<String> path, String last) {
        StringBuilder sb = new StringBuilder();
        var it = path.descendingIterator();
        while (it.hasNext()) {
            append(sb, it.next());
        }
        append(sb, last);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String segment) {
        if (segment.isEmpty()) {
            return;
        }
        if (sb.length() > 0 && !segment.startsWith("[")) {
            sb.append('.');
        }
        sb.append(segment);
    }

    public String source() {
        return source;
    }

    public JsonNode root() {
        return root;
    }

    /** The node at a concrete key path such as {@code pipelines[1].tables}; a missing node when absent. */
    public JsonNode at(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            n = n.path(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0) {
                n = n.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return n;
    }

    /** The line of a key path such as {@code batch.max-rows} or {@code tables[1].target}; 0 when unknown. */
    public int line(String path) {
        Integer l = lines.get(path);
        if (l != null) {
            return l;
        }
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut > 0 ? line(path.substring(0, cut)) : 0;
    }
}
