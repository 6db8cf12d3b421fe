package io.doriscdc.streamload.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadEncoding;
import io.doriscdc.streamload.StreamLoadPayload;
import io.doriscdc.streamload.StreamLoadSettings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The {@link BatchEncoder} of the Stream Load transport. Full rows (inserts, updates, deletes) go to
 * one part with every column. An update with unchanged TOAST columns goes to a partial column update
 * part ({@code partial_columns: true}) that carries only the key and the columns that were sent, so
 * Doris keeps the stored value of the others; rows with the same set of columns share a part. Parts
 * are numbered in order of first appearance, so re-encoding the same changes gives the same sub-labels.
 * Not thread-safe.
 */
public final class StreamLoadEncoder implements BatchEncoder {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final StreamLoadEncoding settings;
    private final ValueRenderer renderer;
    private final PartWriter full;
    private final Map<BitSet, PartWriter> partials = new LinkedHashMap<>();
    private final BitSet probe = new BitSet();

    /**
     * @throws ConfigException naming the table and the column when a column name cannot travel to Doris
     *         ({@link Identifiers#dorisColumnNameProblem}) or two names are equal ignoring case, as Doris
     *         compares column names ({@code CreateTableInfo}: "Duplicate column name"; the load planner's
     *         {@code TreeMap(String.CASE_INSENSITIVE_ORDER)})
     */
    public StreamLoadEncoder(TableMapping mapping, StreamLoadEncoding settings) {
        this.settings = settings;
        TableSchema schema = mapping.source();
        requireLoadableNames(schema, mapping.target());
        this.renderer = new ValueRenderer(schema, mapping.target().toString(), settings.nanPolicy(), settings.outOfRangePolicy());
        this.full = newWriter(IntStream.range(0, schema.columnCount()).toArray(), false, INITIAL_CAPACITY);
    }

    private static void requireLoadableNames(TableSchema schema, Object target) {
        Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (var c : schema.columns()) {
            Identifiers.requireDorisColumnName(c.name(), schema.id());
            String other = seen.putIfAbsent(c.name(), c.name());
            if (other != null) {
                throw new ConfigException("columns " + Identifiers.quotePg(other) + " and " + Identifiers.quotePg(c.name()) + " of " + schema.id()
                        + " are one column in Doris " + target + ", which ignores case in column names; rename one of them in PostgreSQL"
                        + " or exclude the table");
            }
        }
    }

    private PartWriter newWriter(int[] columns, boolean partial, int capacity) {
        return settings.format() == StreamLoadSettings.Format.JSON
                ? new JsonPartWriter(renderer, columns, partial, capacity)
                : new CsvPartWriter(renderer, columns, partial, capacity, settings.csvSeparator());
    }

    @Override
    public void upsert(Row row, StreamPosition version) {
        if (!row.hasUnchangedToast()) {
            full.write(row, version, false);
            return;
        }
        probe.clear();
        TableSchema schema = renderer.schema();
        for (int c = 0; c < row.columnCount(); c++) {
            if (row.state(c) != ValueState.UNCHANGED_TOAST) {
                probe.set(c);
            } else if (schema.column(c).key()) {
                throw new TransportException("key column '" + schema.column(c).name() + "' of " + schema.id()
                        + " is unchanged TOAST in the row at stream position " + version + "; the key must be sent", false, null);
            }
        }
        PartWriter w = partials.get(probe);
        if (w == null) {
            BitSet mask = (BitSet) probe.clone();
            w = newWriter(mask.stream().toArray(), true, 4096);
            partials.put(mask, w);
        }
        w.write(row, version, false);
    }

    @Override
    public void delete(Row row, StreamPosition version) {
        full.write(row, version, true);
    }

    @Override
    public int rowCount() {
        int n = full.rows();
        if (partials.isEmpty()) {
            return n;
        }
        for (PartWriter w : partials.values()) {
            n += w.rows();
        }
        return n;
    }

    @Override
    public long byteCount() {
        long n = full.bytes();
        if (partials.isEmpty()) {
            return n;
        }
        for (PartWriter w : partials.values()) {
            n += w.bytes();
        }
        return n;
    }

    /**
     * Drops every row written since the last {@link #finish()} and keeps the buffers for the next rows
     * (e.g. a batch abandoned on a schema change; benchmarks use it to measure steady-state encoding).
     */
    public void discard() {
        full.discard();
        partials.clear();
    }

    @Override
    public StreamLoadPayload finish() {
        List<LoadPart> parts = new ArrayList<>(1 + partials.size());
        if (full.rows() > 0) {
            parts.add(full.finish("", settings.compress()));
        }
        int n = 0;
        for (PartWriter w : partials.values()) {
            parts.add(w.finish("-p" + (++n), settings.compress()));
        }
        partials.clear();
        return StreamLoadPayload.of(parts);
    }
}
