package io.doriscdc.streamload.internal;

import io.doriscdc.api.Identifiers;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.DorisConventions;
import io.doriscdc.api.value.Row;
import io.doriscdc.streamload.StreamLoadSettings.Compression;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.LoadPart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the rows of one load part, each once, straight into the wire format over a reused buffer.
 * {@code columns} are the source columns the part carries (all of them for full rows; the key and the
 * changed columns for a partial update); every row also carries the version and the delete sign. Not
 * thread-safe.
 *
 * <p>The {@code columns} header names every column in backquotes ({@link Identifiers#quoteDoris}), built
 * once per writer: the FE parses the header as the select list of {@code "SELECT " + columns}
 * ({@code NereidsLoadUtils.parseExpressionSeq}; legacy planner: {@code "COLUMNS (" + columns + ")"}), so a
 * bare {@code a,b} would be two columns, {@code a b} the column {@code a} aliased {@code b}, and
 * {@code order} a syntax error. {@code function_column.sequence_col} cannot be quoted — the FE takes it
 * verbatim as a slot name ({@code new UnboundSlot(sequenceCol)}, {@code NereidsLoadScanProvider}) — and
 * only ever holds {@link DorisConventions#VERSION_FIELD}, a plain identifier.
 * {@code hidden_columns} ({@code replaceAll("\\s+", "").split(",")}) is not sent, and neither are
 * {@code jsonpaths}: JSON field names are matched byte for byte to the names of the {@code columns} header.
 */
abstract class PartWriter {

    protected final ValueRenderer renderer;
    protected final int[] columns;
    protected final boolean partial;
    protected final ByteSink sink;
    private final String columnsHeader;
    private int rows;

    PartWriter(ValueRenderer renderer, int[] columns, boolean partial, int initialCapacity) {
        this.renderer = renderer;
        this.columns = columns;
        this.partial = partial;
        this.sink = new ByteSink(initialCapacity);
        this.columnsHeader = columnsHeader(renderer.schema(), columns);
    }

    /** {@code `c1`,`c2`,...,__doris_cdc_version,__DORIS_DELETE_SIGN__}. */
    static String columnsHeader(TableSchema schema, int[] columns) {
        StringBuilder cols = new StringBuilder();
        for (int c : columns) {
            cols.append(Identifiers.quoteDoris(schema.column(c).name())).append(',');
        }
        return cols.append(DorisConventions.VERSION_FIELD).append(',').append(DorisConventions.DELETE_SIGN).toString();
    }

    /** Writes one row; on failure nothing of the row stays in the buffer. */
    final void write(Row row, StreamPosition version, boolean delete) {
        int start = sink.size();
        boolean done = false;
        try {
            writeRow(row, version, delete);
            done = true;
        } finally {
            if (!done) {
                sink.truncate(start);
                reset();
            }
        }
        rows++;
    }

    protected abstract void writeRow(Row row, StreamPosition version, boolean delete);

    /** Drops any state a failed row left behind (e.g. a generator mid-object). */
    protected abstract void reset();

    /** Pushes buffered output into {@link #sink}. */
    protected abstract void flush();

    protected abstract void formatHeaders(Map<String, String> headers);

    final int rows() {
        return rows;
    }

    final long bytes() {
        flush();
        return sink.size();
    }

    /** True when a delete must still write something in a column Doris declares NOT NULL. */
    protected final boolean needsPlaceholder(int c) {
        return !renderer.schema().column(c).nullable();
    }

    /** Forgets the rows written so far, keeping the buffer. */
    final void discard() {
        flush();
        sink.truncate(0);
        rows = 0;
    }

    /** Ends the part: its payload (compressed if asked) and headers; the writer starts over empty. */
    final LoadPart finish(String labelSuffix, Compression compression) {
        flush();
        Map<String, String> headers = new LinkedHashMap<>();
        formatHeaders(headers);
        headers.put("columns", columnsHeader);
        headers.put("function_column.sequence_col", DorisConventions.VERSION_FIELD);
        // Doris's non-strict mode stores a value it cannot convert as NULL in a nullable column, in
        // silence; strict mode filters the row, and with max_filter_ratio 0 the load fails naming it
        // (docs: data-operate/import/handling-messy-data "strict mode"): a loud failure, never a NULL
        headers.put("strict_mode", "true");
        if (partial) {
            headers.put("partial_columns", "true");
            // a partial update of a key Doris does not have yet appends it (the pipeline completes
            // such rows from PostgreSQL while a copy runs); Doris before apache/doris#41232 decided
            // this by strict mode and refuses such rows under it: loudly, not with NULLs
            headers.put("partial_update_new_key_behavior", "APPEND");
        }
        int length = sink.size();
        byte[] body = sink.detach();
        if (compression == Compression.GZ) {
            headers.put("compress_type", "gz");
            ByteArrayOutputStream gz = new ByteArrayOutputStream(Math.max(64, length / 4));
            try (GZIPOutputStream out = new GZIPOutputStream(gz, 65536)) {
                out.write(body, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
            body = gz.toByteArray();
            length = body.length;
        }
        LoadPart part = new LoadPart(labelSuffix, headers, LoadBody.of(body, length), rows);
        rows = 0;
        return part;
    }
}
