package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputDecoder;
import io.doriscdc.pgoutput.PgTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Copies CTID ranges on one connection that holds the snapshot: binary {@code COPY} of the range
 * (of the table's heap, or of one leaf partition with the table's columns by name, in the table's
 * order), each tuple read by the pgoutput decoder, written once into the transport's encoder with
 * the snapshot's LSN as version, delivered in batches of at most {@code batchRows} rows and about
 * {@code batchBytes} encoded bytes (a batch is sent once it reaches either; one row larger than
 * the cap makes a batch of its own).
 *
 * <p>Memory: one batch being encoded and at most one loading, so a copier holds about two batches.
 * The encoder of each table is kept across ranges (its buffer grows once).
 *
 * <p>Not thread-safe: one per copy connection.
 */
final class RangeCopier {

    private final Connection connection;
    private final Transport transport;
    private final String labelPrefix;
    private final int batchRows;
    private final long batchBytes;
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final Map<TableMapping, TableCopy> tables = new IdentityHashMap<>();
    private CompletableFuture<DeliveryReceipt> inFlight;
    private String inFlightLabel;

    /** What a copier keeps of each table it copies: its encoder and the select list. */
    private record TableCopy(BatchEncoder encoder, boolean[] text, String columns) {
    }

    RangeCopier(Connection snapshotConnection, Transport transport, String labelPrefix, int batchRows, long batchBytes) {
        this.connection = snapshotConnection;
        this.transport = transport;
        this.labelPrefix = labelPrefix;
        this.batchRows = batchRows;
        this.batchBytes = batchBytes;
    }

    private TableCopy table(TableMapping mapping) {
        return tables.computeIfAbsent(mapping, m -> {
            TableSchema schema = m.source();
            boolean[] text = new boolean[schema.columnCount()];
            StringBuilder columns = new StringBuilder();
            for (int i = 0; i < schema.columnCount(); i++) {
                text[i] = !PgTypes.binaryReadable(schema.column(i).type());
                columns.append(i > 0 ? ", " : "").append(Identifiers.quotePg(schema.column(i).name())).append(text[i] ? "::text" : "");
            }
            return new TableCopy(transport.newEncoder(m), text, columns.toString());
        });
    }

    /** The COPY statement of a range: the table's columns, by name, from the relation holding the range. */
    String copySql(CopyRange range, TableMapping mapping) {
        return "COPY (SELECT " + table(mapping).columns() + " FROM " + range.relation().toSql() + " WHERE " + range.predicate()
                + ") TO STDOUT (FORMAT binary)";
    }

    /**
     * Copies one range and returns the rows copied once every batch of it is committed in Doris;
     * reading overlaps with the load of the previous batch.
     *
     * @throws TransportException when a batch cannot be delivered
     */
    long copy(CopyRange range, TableMapping mapping, Lsn snapshot, SnapshotProgress progress) throws SQLException {
        TableSchema schema = mapping.source();
        TableCopy t = table(mapping);
        BatchEncoder encoder = t.encoder();
        // every copied row is at the snapshot's position, before any change committed at or after it
        StreamPosition version = StreamPosition.snapshot(snapshot);
        int[] part = {0};
        long[] rows = {0};
        BinaryCopyReader reader = new BinaryCopyReader(schema.relationOid(), t.text(), (message, length) -> {
            InsertMessage insert = (InsertMessage) decoder.decode(message, 0, length, snapshot, false);
            encoder.upsert(insert.newTuple().row(schema), version);
            rows[0]++;
            if (encoder.rowCount() >= batchRows || encoder.byteCount() >= batchBytes) {
                deliver(encoder, mapping, snapshot, range, part[0]++, progress);
            }
        }, range.describe());
        try {
            CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(range, mapping));
            try {
                byte[] chunk;
                while ((chunk = out.readFromCopy()) != null) {
                    reader.feed(chunk);
                }
            } finally {
                if (out.isActive()) {
                    out.cancelCopy();
                }
            }
            if (!reader.ended()) {
                throw new CdcException("binary COPY of " + range.describe() + " ended without its end marker after " + reader.tuples()
                        + " rows; the range stays pending and is copied again at the next start");
            }
            if (!encoder.isEmpty()) {
                deliver(encoder, mapping, snapshot, range, part[0], progress);
            }
            awaitInFlight(); // the range counts as copied only when all of it is committed in Doris
            return rows[0];
        } catch (SQLException | RuntimeException e) {
            if (!encoder.isEmpty()) {
                encoder.finish(); // drop the rows of the failed range: the encoder is reused for the next one
            }
            throw e;
        }
    }

    /**
     * Waits for the batch in flight, then hands the encoder's batch to the transport: reading the
     * next batch overlaps with loading this one, and at most two batches exist at any time (the one
     * loading and the one being encoded).
     */
    private void deliver(BatchEncoder encoder, TableMapping mapping, Lsn snapshot, CopyRange range, int part, SnapshotProgress progress) {
        awaitInFlight();
        String label = BatchLabels.ofSnapshot(labelPrefix, mapping.target(), snapshot, range.labelBlock(), part);
        Batch batch = new Batch(mapping.target(), label, StreamPosition.snapshot(snapshot), StreamPosition.snapshot(snapshot), encoder.finish());
        inFlight = transport.deliver(batch).thenApply(receipt -> {
            progress.add(batch.rowCount());
            return receipt;
        });
        inFlightLabel = label;
    }

    /** Waits until the batch in flight is committed in Doris. */
    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while copying", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TransportException te) {
                throw te;
            }
            throw new TransportException("snapshot batch " + inFlightLabel + " failed: " + cause, false, inFlightLabel, cause);
        } finally {
            inFlight = null;
        }
    }
}
