package io.doriscdc.emulator.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a complete load body (decompressing {@code compress_type: gz}) as CSV or JSON and
 * converts every row for the target table. Stateless.
 */
final class LoadExecutor {
    private LoadExecutor() {
    }

    static LoadOutcome execute(byte[] body, LoadOptions o, TableSchema schema) throws LoadException {
        String text = new String(o.gzip() ? gunzip(body) : body, StandardCharsets.UTF_8);
        List<SourceRow> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        if (o.json()) {
            JsonReader.read(text, o, rows, rejected);
            if (o.columns() != null) {
                rows.replaceAll(r -> r.restrict(o.columns()));
            }
        } else {
            readCsv(text, o, schema, rows, rejected);
        }
        int parseRejects = rejected.size();
        RowConverter converter = new RowConverter(schema, o);
        List<RowOp> ops = new ArrayList<>(rows.size());
        for (SourceRow r : rows) {
            RowOp op = converter.convert(r, rejected);
            if (op != null) {
                ops.add(op);
            }
        }
        return new LoadOutcome(ops, rejected, rows.size() + parseRejects, 0);
    }

    private static void readCsv(String text, LoadOptions o, TableSchema schema, List<SourceRow> rows, List<Rejected> rejected) {
        List<String> names = new ArrayList<>();
        if (o.columns() != null) {
            names.addAll(o.columns());
        } else {
            names.addAll(schema.columnNames());
            names.addAll(o.hiddenColumns());
        }
        for (CsvReader.Line line : CsvReader.read(text, o.columnSeparator(), o.lineDelimiter(), o.enclose(), o.escape())) {
            int actual = line.fields().size();
            if (actual != names.size()) {
                String cmp = actual < names.size() ? "less" : "more";
                rejected.add(new Rejected(line.text(), "actual column number in csv file is " + cmp
                        + " than schema column number.actual number: " + actual + ", schema column number: "
                        + names.size() + "; line delimiter: [" + o.lineDelimiter() + "], column separator: ["
                        + o.columnSeparator() + "], "));
            } else {
                rows.add(SourceRow.csv(line.text(), names, line.fields()));
            }
        }
    }

    private static byte[] gunzip(byte[] body) throws LoadException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw LoadException.be("INTERNAL_ERROR", "failed to decompress gz body: " + e.getMessage());
        }
    }
}
