package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Validates Stream Load headers with Doris's rules and error texts (§1.2, §4, §5). The checks the
 * BE does before beginning a transaction are in {@link #parseBeHeaders}; label format, the plan
 * checks (merge type, strict mode, partial update) are in {@link #checkLabel} and
 * {@link #checkPlan}, which also parses the {@code columns} header as the FE does ({@link ColumnsHeader}).
 * Name-carrying header values are read as UTF-8 bytes ({@link #utf8}). Stateless.
 */
final class LoadOptionsParser {
    static final Pattern LABEL = Pattern.compile("^[-_A-Za-z0-9:]{1,128}$");
    static final String BOTH_FRAMING = "x-emulator-both-framing";

    private LoadOptionsParser() {
    }

    static LoadOptions parseBeHeaders(HttpHeaders h, long maxBodyBytes) throws LoadException {
        boolean chunked = h.contains("transfer-encoding") && h.get("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked");
        boolean hasLength = h.contains("content-length") || h.contains(BOTH_FRAMING);
        if (chunked && hasLength) {
            throw LoadException.be("INVALID_ARGUMENT", "please do not set both content_length and transfer-encoding");
        }
        if (!chunked && !hasLength) {
            throw LoadException.be("INVALID_ARGUMENT",
                    "content_length is empty and transfer-encoding!=chunked, please set content_length or transfer-encoding=chunked");
        }
        long contentLength = hasLength ? parseLong(h.get("content-length"), "content-length") : -1;
        if (contentLength > maxBodyBytes) {
            throw bodyTooLarge(contentLength, maxBodyBytes);
        }
        String format = h.get("format", "csv").toLowerCase(Locale.ROOT);
        boolean json = switch (format) {
            case "csv", "" -> false;
            case "json" -> true;
            case "csv_with_names", "csv_with_names_and_types", "hive_text", "parquet", "orc", "arrow" ->
                    throw LoadException.be("NOT_IMPLEMENTED_ERROR", "the emulator does not support format=" + format);
            default -> throw LoadException.be("INVALID_ARGUMENT", "unknown data format, format=" + h.get("format"));
        };
        String compress = h.get("compress_type", "").toLowerCase(Locale.ROOT);
        if (!compress.isEmpty() && !compress.equals("gz")) {
            throw LoadException.be("NOT_IMPLEMENTED_ERROR", "the emulator supports compress_type=gz only, got " + compress);
        }
        Character enclose = singleChar(h.get("enclose"), "enclose");
        Character escape = singleChar(h.get("escape"), "escape");
        boolean hasJsonByLine = h.contains("read_json_by_line");
        boolean hasStrip = h.contains("strip_outer_array");
        boolean byLine = hasJsonByLine ? bool(h.get("read_json_by_line")) : !hasStrip;
        boolean strip = hasStrip && bool(h.get("strip_outer_array"));
        String label = h.get("label", "");
        boolean labelGiven = !label.isEmpty();
        String updateMode = h.get("unique_key_update_mode");
        if (updateMode == null) {
            updateMode = h.contains("partial_columns") && bool(h.get("partial_columns")) ? "UPDATE_FIXED_COLUMNS" : "UPSERT";
        } else {
            updateMode = updateMode.toUpperCase(Locale.ROOT);
            if (!List.of("UPSERT", "UPDATE_FIXED_COLUMNS", "UPDATE_FLEXIBLE_COLUMNS").contains(updateMode)) {
                throw LoadException.fe("Invalid unique_key_partial_mode " + h.get("unique_key_update_mode")
                        + ", must be one of 'UPSERT', 'UPDATE_FIXED_COLUMNS' or 'UPDATE_FLEXIBLE_COLUMNS'");
            }
        }
        boolean twoPc = h.contains("two_phase_commit") && bool(h.get("two_phase_commit"));
        String groupCommit = groupCommit(h, chunked, contentLength, twoPc, updateMode, labelGiven);
        if (groupCommit != null && chunked) {
            labelGiven = false;
        }
        if (!labelGiven) {
            label = groupCommit != null ? "group_commit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    : UUID.randomUUID().toString();
        }
        // columns are parsed by the FE with the plan (checkPlan), after the transaction began
        return new LoadOptions(label, labelGiven, json, byLine, strip, null,
                unhex(h.get("column_separator", "\t")), unhex(h.get("line_delimiter", "\n")), enclose, escape,
                hiddenColumns(utf8(h.get("hidden_columns"))), emptyToNull(utf8(h.get("function_column.sequence_col"))),
                h.get("merge_type", "APPEND").toUpperCase(Locale.ROOT), emptyToNull(utf8(h.get("delete"))), twoPc,
                0, false, compress.equals("gz"), updateMode,
                h.get("partial_update_new_key_behavior", "APPEND").toUpperCase(Locale.ROOT), groupCommit,
                h.get("comment", ""), chunked, contentLength);
    }

    /** FE-side checks made after the transaction began (plan): each failure aborts the transaction. */
    static LoadOptions checkPlan(LoadOptions o, HttpHeaders h, TableSchema schema) throws LoadException {
        // NereidsStreamLoadTask.setOptionalFromTSLPutRequest reads 'columns' first; the BE sends it only when non-empty
        String columnsHeader = utf8(h.get("columns"));
        List<String> columns = columnsHeader == null || columnsHeader.isBlank() ? null : ColumnsHeader.parse(columnsHeader);
        if (!List.of("APPEND", "DELETE", "MERGE").contains(o.mergeType())) {
            throw LoadException.fe("Invalid merge type " + h.get("merge_type"));
        }
        if (o.mergeType().equals("MERGE") && o.deleteCondition() == null) {
            throw LoadException.fe("Excepted DELETE ON clause when merge type is MERGE.");
        }
        if (!o.mergeType().equals("MERGE") && o.deleteCondition() != null) {
            throw LoadException.fe("Not support DELETE ON clause when merge type is not MERGE.");
        }
        boolean strict = false;
        if (h.contains("strict_mode")) {
            String s = h.get("strict_mode").trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw LoadException.fe("Invalid strict mode format. Must be bool type");
            }
            strict = s.equals("true");
        }
        double ratio = 0;
        if (h.contains("max_filter_ratio")) {
            try {
                ratio = Double.parseDouble(h.get("max_filter_ratio").trim());
            } catch (NumberFormatException e) {
                ratio = -1;
            }
            if (ratio < 0 || ratio > 1) {
                throw LoadException.fe("max_filter_ratio must between 0.0 and 1.0, got " + h.get("max_filter_ratio"));
            }
        }
        if (h.contains("timeout")) {
            parseLongFe(h.get("timeout"), "timeout");
        }
        if (o.partialFlexible()) {
            if (!o.json()) {
                throw LoadException.fe("flexible partial update only support json format as input file currently");
            }
            for (String forbidden : List.of("fuzzy_parse", "columns", "jsonpaths", "hidden_columns",
                    "function_column.sequence_col", "merge_type", "where")) {
                if (h.contains(forbidden)) {
                    throw LoadException.fe("Don't support flexible partial update when '" + forbidden + "' is specified");
                }
            }
        }
        if (schema.hasSequence() && o.sequenceCol() == null && !o.partialFlexible()) {
            throw LoadException.fe("Table " + schema.name() + " has sequence column, need to specify the sequence column");
        }
        return new LoadOptions(o.label(), o.labelGiven(), o.json(), o.readJsonByLine(), o.stripOuterArray(), columns,
                o.columnSeparator(), o.lineDelimiter(), o.enclose(), o.escape(), o.hiddenColumns(), o.sequenceCol(),
                o.mergeType(), o.deleteCondition(), o.twoPhaseCommit(), ratio, strict, o.gzip(), o.updateMode(),
                o.newKeyBehavior(), o.groupCommit(), o.comment(), o.chunked(), o.contentLength());
    }

    static void checkLabel(String label) throws LoadException {
        if (!LABEL.matcher(label).matches()) {
            throw LoadException.fe("Label format error. regex: " + LABEL.pattern() + ", label: " + label);
        }
    }

    static LoadException bodyTooLarge(long size, long max) {
        return LoadException.be("INVALID_ARGUMENT", "body size " + size + " exceed BE's conf `streaming_load_max_mb` "
                + (max >> 20) + ". increase it if you are sure this load is reasonable");
    }

    private static String groupCommit(HttpHeaders h, boolean chunked, long contentLength, boolean twoPc,
                                      String updateMode, boolean labelGiven) throws LoadException {
        String gc = h.get("group_commit");
        if (gc == null || gc.isEmpty()) {
            return null;
        }
        String mode = gc.toLowerCase(Locale.ROOT);
        if (!List.of("async_mode", "sync_mode", "off_mode").contains(mode)) {
            throw LoadException.be("INVALID_ARGUMENT", "group_commit can only be [async_mode, sync_mode, off_mode]");
        }
        boolean disabled = mode.equals("off_mode") || (contentLength == 0 && !chunked) || twoPc
                || !updateMode.equals("UPSERT") || h.contains("partitions") || h.contains("temporary_partitions");
        if (disabled) {
            return null;
        }
        if (labelGiven && !chunked) {
            throw LoadException.be("INVALID_ARGUMENT", "label and group_commit can't be set at the same time");
        }
        return mode;
    }

    private static Character singleChar(String v, String name) throws LoadException {
        if (v == null || v.isEmpty()) {
            return null;
        }
        String u = unhex(v);
        if (u.length() != 1) {
            throw LoadException.be("INVALID_ARGUMENT", name + " must be single-char, actually is " + v);
        }
        return u.charAt(0);
    }

    /** Decodes {@code \xNN} hex escapes in separators (§1.2 CSV headers). */
    static String unhex(String s) {
        if (!s.startsWith("\\x") && !s.startsWith("\\X")) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        String hex = s.substring(2);
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            sb.append((char) Integer.parseInt(hex.substring(i, i + 2), 16));
        }
        return sb.toString();
    }

    private static boolean bool(String v) {
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    /**
     * {@code hidden_columns} as the FE splits it: {@code replaceAll("\\s+", "").split(",")}
     * ({@code NereidsStreamLoadTask}); no quoting, so a backquote is part of the name.
     */
    private static List<String> hiddenColumns(String v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String p : v.replaceAll("\\s+", "").split(",")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * A header value as Doris reads it: libevent keeps the bytes ({@code HttpRequest::init_from_evhttp})
     * and the FE takes them as UTF-8 thrift strings, while Netty hands every byte over as one Latin-1 char.
     */
    static String utf8(String v) {
        if (v == null) {
            return null;
        }
        boolean high = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c > 0xff) {
                return v; // not Netty's byte-per-char form: already text
            }
            high |= c > 0x7f;
        }
        return high ? new String(v.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : v;
    }

    private static String emptyToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static long parseLong(String v, String name) throws LoadException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw LoadException.be("INVALID_ARGUMENT", "invalid " + name + ": " + v);
        }
    }

    private static void parseLongFe(String v, String name) throws LoadException {
        try {
            Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw LoadException.fe("Invalid " + name + " format: " + v + ". Must be an integer");
        }
    }
}
