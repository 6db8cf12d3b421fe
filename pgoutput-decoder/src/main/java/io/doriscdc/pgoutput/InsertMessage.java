package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'I' Insert.
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param relationId the table's OID
 * @param newTuple the inserted row
 */
public record InsertMessage(int xid, int relationId, TupleData newTuple) implements PgOutputMessage {
    @Override
    public char type() {
        return 'I';
    }

    static InsertMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int relid = r.readInt("relation OID");
        int marker = r.readByte("tuple marker");
        if (marker != 'N') {
            throw r.errorAt(r.position() - 1, "expected new tuple marker 'N' but found " + TupleData.describe(marker));
        }
        TupleData tuple = TupleData.read(r);
        r.expectEnd();
        return new InsertMessage(xid, relid, tuple);
    }
}
