package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import java.time.Instant;

/**
 * The end of a committed transaction. Once every change up to here is committed in the target,
 * the slot may be acknowledged up to {@code endLsn}.
 *
 * @param xid the transaction id
 * @param lsn the LSN of the commit record ({@code commit_lsn})
 * @param endLsn the end of the commit record ({@code end_lsn}): the position to acknowledge
 * @param commitTime when it committed
 */
public record TransactionCommit(long xid, Lsn lsn, Lsn endLsn, Instant commitTime) implements CdcEvent {
}
