package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import java.time.Instant;

/**
 * The start of a committed transaction.
 *
 * @param xid the transaction id
 * @param lsn the LSN of the begin
 * @param finalLsn the LSN of the transaction's commit record
 * @param commitTime when it committed
 */
public record TransactionBegin(long xid, Lsn lsn, Lsn finalLsn, Instant commitTime) implements CdcEvent {
}
