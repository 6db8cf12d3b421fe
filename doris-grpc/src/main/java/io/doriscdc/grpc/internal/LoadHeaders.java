package io.doriscdc.grpc.internal;

import io.doriscdc.grpc.proto.LoadHeader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps the Stream Load format headers of a load part to the {@link LoadHeader} of a Load call and back.
 * The client side splits the headers into the typed fields and {@code properties}; the gateway joins
 * them again and refuses any header outside the Stream Load format/column headers, so a client can
 * never set identity, label or transaction headers (those belong to the gateway). Stateless.
 */
public final class LoadHeaders {

    /** Format and column headers a client may send through {@code properties} (research §1.2). */
    static final Set<String> ALLOWED_PROPERTIES = Set.of("column_separator", "line_delimiter", "enclose", "escape",
            "trim_double_quotes", "skip_lines", "empty_field_as_null", "partial_columns", "unique_key_update_mode",
            "partial_update_new_key_behavior", "read_json_by_line", "strip_outer_array", "jsonpaths", "json_root",
            "num_as_string", "fuzzy_parse", "strict_mode", "timezone", "time_zone", "max_filter_ratio", "merge_type", "delete",
            "where", "negative", "send_batch_parallelism", "load_to_single_tablet", "exec_mem_limit", "partitions",
            "temporary_partitions", "comment");

    private static final String FORMAT = "format";
    private static final String COLUMNS = "columns";
    private static final String HIDDEN = "hidden_columns";
    private static final String SEQUENCE = "function_column.sequence_col";
    private static final String COMPRESS = "compress_type";

    private LoadHeaders() {
    }

    /** Client side: fills a header builder from a part's Stream Load headers. */
    public static LoadHeader.Builder toProto(Map<String, String> headers, LoadHeader.Builder b) {
        headers.forEach((k, v) -> {
            switch (k) {
                case FORMAT -> b.setFormat(v);
                case COLUMNS -> b.addAllColumns(Arrays.asList(v.split(",", -1)));
                case HIDDEN -> b.addAllHiddenColumns(Arrays.asList(v.split(",", -1)));
                case SEQUENCE -> b.setSequenceColumn(v);
                case COMPRESS -> b.setCompressType(v);
                default -> b.putProperties(k, v);
            }
        });
        return b;
    }

    /**
     * Gateway side: the Stream Load headers of a Load header.
     *
     * @throws IllegalArgumentException naming a property that is not a Stream Load format/column header
     */
    public static Map<String, String> fromProto(LoadHeader h) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!h.getFormat().isEmpty()) {
            out.put(FORMAT, h.getFormat());
        }
        if (h.getColumnsCount() > 0) {
            out.put(COLUMNS, String.join(",", h.getColumnsList()));
        }
        if (h.getHiddenColumnsCount() > 0) {
            out.put(HIDDEN, String.join(",", h.getHiddenColumnsList()));
        }
        if (!h.getSequenceColumn().isEmpty()) {
            out.put(SEQUENCE, h.getSequenceColumn());
        }
        if (!h.getCompressType().isEmpty()) {
            out.put(COMPRESS, h.getCompressType());
        }
        for (Map.Entry<String, String> e : h.getPropertiesMap().entrySet()) {
            String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!ALLOWED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("load property '" + e.getKey() + "' is not a Stream Load format or column header"
                        + " the gateway forwards; allowed: " + new java.util.TreeSet<>(ALLOWED_PROPERTIES));
            }
            out.put(key, e.getValue());
        }
        return out;
    }
}
