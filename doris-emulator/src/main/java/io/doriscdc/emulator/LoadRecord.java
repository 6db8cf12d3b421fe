package io.doriscdc.emulator;

import java.util.Map;

/**
 * One Stream Load as the emulator saw it: a snapshot taken when {@link DorisEmulator#loads()} was
 * called, so {@link #state()} reflects later 2PC commits or aborts up to that moment.
 *
 * @param label           the load's label (generated when the request had none)
 * @param txnId           the transaction id, or -1 when the load failed before a transaction began
 * @param state           the transaction state at snapshot time
 * @param status          the {@code Status} the BE answered ({@code Success}, {@code Fail}, ...)
 * @param message         the {@code Message} the BE answered
 * @param db              target database
 * @param table           target table
 * @param rowsTotal       {@code NumberTotalRows}
 * @param rowsLoaded      {@code NumberLoadedRows}
 * @param rowsFiltered    {@code NumberFilteredRows}
 * @param bytes           body bytes received (before decompression)
 * @param twoPhaseCommit  whether the load asked for two-phase commit
 * @param headers         request headers, names lower-cased, in arrival order
 *
 * <p>Immutable and thread-safe.
 */
public record LoadRecord(String label, long txnId, TxnState state, String status, String message,
                         String db, String table, long rowsTotal, long rowsLoaded, long rowsFiltered,
                         long bytes, boolean twoPhaseCommit, Map<String, String> headers) {
    public LoadRecord {
        headers = Map.copyOf(headers);
    }
}
