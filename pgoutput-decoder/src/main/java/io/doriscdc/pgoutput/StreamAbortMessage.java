package io.doriscdc.pgoutput;

import io.doriscdc.api.Lsn;
import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'A' Stream Abort (protocol 2+): the streamed (sub)transaction {@code subxid} of {@code xid} aborted;
 * when {@code xid == subxid} the whole transaction is discarded. With {@code streaming=parallel}
 * (protocol 4) the server also sends the abort LSN and time; otherwise those are
 * {@link Lsn#INVALID} and 0 and {@link #hasAbortInfo()} is false.
 *
 * @param xid the top-level transaction's xid
 * @param subxid the aborted (sub)transaction's xid
 * @param abortLsn the abort record's LSN (protocol 4 with parallel streaming), else {@link Lsn#INVALID}
 * @param abortTime microseconds since 2000-01-01 UTC, else 0
 * @param hasAbortInfo whether the server sent abort LSN and time
 */
public record StreamAbortMessage(int xid, int subxid, Lsn abortLsn, long abortTime, boolean hasAbortInfo)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'A';
    }

    /** True when the top-level transaction itself aborted (not only a subtransaction). */
    public boolean abortsTopLevel() {
        return xid == subxid;
    }

    static StreamAbortMessage decode(MessageReader r, boolean inStream) {
        int xid = r.readInt("xid");
        int subxid = r.readInt("subtransaction xid");
        if (r.remaining() == 0) {
            return new StreamAbortMessage(xid, subxid, Lsn.INVALID, 0, false);
        }
        StreamAbortMessage m = new StreamAbortMessage(xid, subxid, r.readLsn("abort LSN"), r.readLong("abort time"), true);
        r.expectEnd();
        return m;
    }
}
