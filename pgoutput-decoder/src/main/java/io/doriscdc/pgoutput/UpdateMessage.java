package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;

/**
 * 'U' Update. The old values come as a key ('K', replica identity DEFAULT or INDEX, only when a key
 * column changed) or as the whole old row ('O', REPLICA IDENTITY FULL), or not at all.
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param relationId the table's OID
 * @param oldKey the old key values ('K'), else {@code null}; non-key columns are NULL in it
 * @param oldRow the old row ('O'), else {@code null}
 * @param newTuple the new row; unchanged TOASTed columns are {@link io.doriscdc.api.value.ValueState#UNCHANGED_TOAST}
 */
public record UpdateMessage(int xid, int relationId, TupleData oldKey, TupleData oldRow, TupleData newTuple)
        implements PgOutputMessage {
    @Override
    public char type() {
        return 'U';
    }

    /** The old tuple, whichever of {@link #oldKey()} and {@link #oldRow()} was sent, else {@code null}. */
    public TupleData oldTuple() {
        return oldRow != null ? oldRow : oldKey;
    }

    static UpdateMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int relid = r.readInt("relation OID");
        TupleData key = null;
        TupleData old = null;
        int marker = r.readByte("tuple marker");
        if (marker == 'K' || marker == 'O') {
            TupleData t = TupleData.read(r);
            if (marker == 'K') {
                key = t;
            } else {
                old = t;
            }
            marker = r.readByte("new tuple marker");
        }
        if (marker != 'N') {
            throw r.errorAt(r.position() - 1, "expected tuple marker 'K', 'O' or 'N' but found " + TupleData.describe(marker));
        }
        TupleData tuple = TupleData.read(r);
        r.expectEnd();
        return new UpdateMessage(xid, relid, key, old, tuple);
    }
}
