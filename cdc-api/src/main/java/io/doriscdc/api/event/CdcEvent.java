package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;

/**
 * Everything the capture side hands to the delivery side: row changes, truncates and transaction
 * boundaries, in commit order. Immutable records; thread-safety of the rows they carry is
 * described on {@link io.doriscdc.api.value.Row}.
 */
public sealed interface CdcEvent permits ChangeEvent, TransactionBegin, TransactionCommit {

    /** The WAL position of the event (for row changes, the LSN of the change record). */
    Lsn lsn();
}
