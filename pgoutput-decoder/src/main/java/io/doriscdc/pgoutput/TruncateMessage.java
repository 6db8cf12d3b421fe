package io.doriscdc.pgoutput;

import io.doriscdc.pgoutput.internal.MessageReader;
import java.util.Arrays;

/**
 * 'T' Truncate of one or more relations.
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param flags 1 = CASCADE, 2 = RESTART IDENTITY
 * @param relationIds the truncated tables' OIDs (a copy is returned by the accessor)
 */
public record TruncateMessage(int xid, int flags, int[] relationIds) implements PgOutputMessage {
    public static final int CASCADE = 1;
    public static final int RESTART_IDENTITY = 2;

    public TruncateMessage {
        relationIds = relationIds.clone();
    }

    @Override
    public int[] relationIds() {
        return relationIds.clone();
    }

    public boolean cascade() {
        return (flags & CASCADE) != 0;
    }

    public boolean restartIdentity() {
        return (flags & RESTART_IDENTITY) != 0;
    }

    @Override
    public char type() {
        return 'T';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TruncateMessage t && t.xid == xid && t.flags == flags && Arrays.equals(t.relationIds, relationIds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * xid + flags) + Arrays.hashCode(relationIds);
    }

    @Override
    public String toString() {
        return "TruncateMessage[xid=" + xid + ", flags=" + flags + ", relationIds=" + Arrays.toString(relationIds) + "]";
    }

    static TruncateMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int n = r.readInt("relation count");
        int flags = r.readByte("flags");
        if (n < 0 || n > r.remaining() / 4) {
            throw r.error("impossible relation count " + n + " for " + r.remaining() + " remaining bytes");
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.readInt("relation OID");
        }
        r.expectEnd();
        return new TruncateMessage(xid, flags, ids);
    }
}
