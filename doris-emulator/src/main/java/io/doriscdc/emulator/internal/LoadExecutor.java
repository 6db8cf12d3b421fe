package io.doriscdc.emulator.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a complete UTF-8 load body (decompressing {@code compress_type: gz}) as CSV or JSON and
 * converts every row for the target table. Stateless.
 */
final class LoadExecutor {
    private LoadExecutor() {
    }

    /** Executes the load of {@code body[0, length)}. */
    static LoadOutcome execute(byte[] body, int length, LoadOptions o, TableSchema schema) throws LoadException {
        return execute(body, length, o, schema, BeLimits.DEFAULTS);
    }

    /** Executes the load of {@code body[0, length)} under the BE's {@code limits}. */
    static LoadOutcome execute(byte[] body, int length, LoadOptions o, TableSchema schema, BeLimits limits) throws LoadException {
        byte[] bytes = body;
        int n = length;
        if (o.gzip()) {
            bytes = gunzip(body, length);
            n = bytes.length;
        }
        RowLayout layout = RowLayout.of(schema, o);
        Conversion c = new Conversion(schema, o, layout, limits);
        if (o.json()) {
            JsonBodyReader.read(bytes, n, o, layout, c.rows, c.parseRejected, c::convertRead);
        } else {
            readCsv(new String(bytes, 0, n, StandardCharsets.UTF_8), o, schema, layout, c.rows, c.parseRejected);
        }
        c.convertRead();
        return c.outcome();
    }

    /**
     * Converts rows as the reader hands them over (after each JSON document), so that a row is garbage as
     * soon as it is converted, not kept for the whole body. The result is that of reading everything
     * first: the converter is made before the first row is converted (its errors come after the reader's),
     * and the rejected rows are those of reading, then those of converting.
     */
    private static final class Conversion {
        final List<SourceRow> rows = new ArrayList<>();
        final List<Rejected> parseRejected = new ArrayList<>();
        private final List<Rejected> convertRejected = new ArrayList<>();
        private final List<RowOp> ops = new ArrayList<>();
        private final TableSchema schema;
        private final LoadOptions o;
        private final RowLayout layout;
        private final BeLimits limits;
        private RowConverter converter;
        private long read;

        Conversion(TableSchema schema, LoadOptions o, RowLayout layout, BeLimits limits) {
            this.schema = schema;
            this.o = o;
            this.layout = layout;
            this.limits = limits;
        }

        /** Converts (and forgets) the rows read so far. */
        void convertRead() throws LoadException {
            if (converter == null) {
                converter = new RowConverter(schema, o, layout, limits.stringSoftLimitBytes());
            }
            for (SourceRow r : rows) {
                RowOp op = converter.convert(r, convertRejected);
                if (op != null) {
                    ops.add(op);
                }
            }
            read += rows.size();
            rows.clear();
        }

        LoadOutcome outcome() {
            List<Rejected> rejected = new ArrayList<>(parseRejected);
            rejected.addAll(convertRejected);
            return new LoadOutcome(ops, rejected, read + parseRejected.size(), 0);
        }
    }

    private static void readCsv(String text, LoadOptions o, TableSchema schema, RowLayout layout, List<SourceRow> rows,
                                List<Rejected> rejected) {
        List<String> names = new ArrayList<>();
        if (o.columns() != null) {
            names.addAll(o.columns());
        } else {
            names.addAll(schema.columnNames());
            names.addAll(o.hiddenColumns());
        }
        int[] slots = names.stream().mapToInt(layout::slot).toArray();
        for (CsvReader.Line line : CsvReader.read(text, o.columnSeparator(), o.lineDelimiter(), o.enclose(), o.escape())) {
            int actual = line.fields().size();
            if (actual != names.size()) {
                String cmp = actual < names.size() ? "less" : "more";
                rejected.add(new Rejected(line.text(), "actual column number in csv file is " + cmp
                        + " than schema column number.actual number: " + actual + ", schema column number: "
                        + names.size() + "; line delimiter: [" + o.lineDelimiter() + "], column separator: ["
                        + o.columnSeparator() + "], "));
            } else {
                SourceRow row = SourceRow.of(layout, line.text());
                for (int i = 0; i < slots.length; i++) {
                    row.set(slots[i], line.fields().get(i));
                }
                rows.add(row);
            }
        }
    }

    private static byte[] gunzip(byte[] body, int length) throws LoadException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body, 0, length))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw LoadException.be("INTERNAL_ERROR", "failed to decompress gz body: " + e.getMessage());
        }
    }
}
