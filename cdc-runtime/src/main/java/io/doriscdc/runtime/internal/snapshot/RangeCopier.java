package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.BatchLabels;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputDecoder;
import io.doriscdc.pgoutput.PgTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Copies CTID ranges of one table on one connection that holds the snapshot: binary {@code COPY}
 * of the range, each tuple read by the pgoutput decoder, written once into the transport's encoder
 * with the snapshot's LSN as version, delivered in batches of {@code batchRows}. Not thread-safe:
 * one per copy connection.
 */
final class RangeCopier {

    private final Connection connection;
    private final Transport transport;
    private final String labelPrefix;
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private java.util.concurrent.CompletableFuture<io.doriscdc.api.transport.DeliveryReceipt> inFlight;
    private String inFlightLabel;

    RangeCopier(Connection snapshotConnection, Transport transport, String labelPrefix) {
        this.connection = snapshotConnection;
        this.transport = transport;
        this.labelPrefix = labelPrefix;
    }

    /**
     * Copies one range and returns the rows copied once every batch of it is committed in Doris;
     * reading overlaps with the load of the previous batch.
     *
     * @throws TransportException when a batch cannot be delivered
     */
    long copy(CopyRange range, TableMapping mapping, Lsn snapshot, int batchRows, SnapshotProgress progress) throws SQLException {
        var schema = mapping.source();
        boolean[] text = new boolean[schema.columnCount()];
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < schema.columnCount(); i++) {
            Column c = schema.column(i);
            text[i] = !PgTypes.binaryReadable(c.type());
            select.append(i > 0 ? ", " : "").append(Identifiers.quotePg(c.name())).append(text[i] ? "::text" : "");
        }
        select.append(" FROM ").append(range.table().toSql()).append(" WHERE ").append(range.predicate());
        BatchEncoder encoder = transport.newEncoder(mapping);
        // every copied row is at the snapshot's position, before any change committed at or after it
        StreamPosition version = StreamPosition.snapshot(snapshot);
        int[] part = {0};
        long[] rows = {0};
        BinaryCopyReader reader = new BinaryCopyReader(schema.relationOid(), text, (message, length) -> {
            InsertMessage insert = (InsertMessage) decoder.decode(message, 0, length, snapshot, false);
            encoder.upsert(insert.newTuple().row(schema), version);
            rows[0]++;
            if (encoder.rowCount() >= batchRows) {
                deliver(encoder, mapping, snapshot, range, part[0]++, progress);
            }
        });
        CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)");
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
        if (!encoder.isEmpty()) {
            deliver(encoder, mapping, snapshot, range, part[0], progress);
        }
        awaitInFlight(); // the range counts as copied only when all of it is committed in Doris
        return rows[0];
    }

    /**
     * Hands a batch to the transport and waits for the one before it, so that reading the next
     * batch overlaps with loading this one (at most one load of this range in flight).
     */
    private void deliver(BatchEncoder encoder, TableMapping mapping, Lsn snapshot, CopyRange range, int part, SnapshotProgress progress) {
        String label = BatchLabels.ofSnapshot(labelPrefix, mapping.target(), snapshot, range.startBlock(), part);
        Batch batch = new Batch(mapping.target(), label, StreamPosition.snapshot(snapshot), StreamPosition.snapshot(snapshot), encoder.finish());
        awaitInFlight();
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
