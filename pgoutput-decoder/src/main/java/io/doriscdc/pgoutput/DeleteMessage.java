package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'D' Delete: carries the old key ('K') or, under REPLICA IDENTITY FULL, the old row ('O').
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param relationId the table's OID
 * @param oldKey the old key values ('K'), else {@code null}
 * @param oldRow the old row ('O'), else {@code null}
 */
public record DeleteMessage(int xid, int relationId, TupleData oldKey, TupleData oldRow) implements PgOutputMessage {
    @Override
    public char type() {
        return 'D';
    }

    /** The old tuple: {@link #oldRow()} if sent, else {@link #oldKey()}. Never null. */
    public TupleData oldTuple() {
        return oldRow != null ? oldRow : oldKey;
    }

    static DeleteMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int relid = r.readInt("relation OID");
        int marker = r.readByte("tuple marker");
        if (marker != 'K' && marker != 'O') {
            throw r.errorAt(r.position() - 1, "expected old tuple marker 'K' or 'O' but found " + TupleData.describe(marker));
        }
        TupleData t = TupleData.read(r);
        r.expectEnd();
        return marker == 'K' ? new DeleteMessage(xid, relid, t, null) : new DeleteMessage(xid, relid, null, t);
    }
}
