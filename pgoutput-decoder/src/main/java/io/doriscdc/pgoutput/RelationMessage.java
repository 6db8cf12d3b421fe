package io.doriscdc.pgoutput;

import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.pgoutput.internal.MessageReader;
import java.util.List;

/**
 * 'R' Relation: the shape of a table, sent before its first change in a session and again after
 * the relation changes. Feed it to {@link RelationCache#apply(RelationMessage)}.
 *
 * @param xid the streamed transaction's xid, or {@link PgOutputMessage#NO_XID}
 * @param relationId the table's OID
 * @param namespace the schema name ({@code ""} stands for {@code pg_catalog})
 * @param name the table name
 * @param replicaIdentity the relation's replica identity setting
 * @param columns the published columns, in order
 */
public record RelationMessage(int xid, int relationId, String namespace, String name, ReplicaIdentity replicaIdentity,
        List<RelationColumn> columns) implements PgOutputMessage {

    public RelationMessage {
        columns = List.copyOf(columns);
    }

    /**
     * One column of a Relation message.
     *
     * @param flags 1 when the column is part of the replica identity key
     * @param name the column name
     * @param typeOid the column's type OID (a domain's own OID for domain columns)
     * @param typmod the column's type modifier, -1 when none
     */
    public record RelationColumn(int flags, String name, int typeOid, int typmod) {
        public boolean isKey() {
            return (flags & 1) != 0;
        }
    }

    @Override
    public char type() {
        return 'R';
    }

    static RelationMessage decode(MessageReader r, boolean inStream) {
        int xid = inStream ? r.readInt("xid") : NO_XID;
        int relid = r.readInt("relation OID");
        String ns = r.readString("namespace");
        String name = r.readString("relation name");
        int identityOffset = r.position();
        int ident = r.readByte("replica identity");
        ReplicaIdentity identity;
        try {
            identity = ReplicaIdentity.fromCode(ident);
        } catch (IllegalArgumentException e) {
            throw r.errorAt(identityOffset, e.getMessage());
        }
        int ncols = r.readShort("column count");
        // each column takes at least 10 bytes: flags, an empty name's NUL, type OID and typmod
        if (ncols < 0 || ncols > r.remaining() / 10) {
            throw r.error("impossible column count " + ncols + " for " + r.remaining() + " remaining bytes");
        }
        RelationColumn[] cols = new RelationColumn[ncols];
        for (int i = 0; i < ncols; i++) {
            cols[i] = new RelationColumn(r.readByte("column flags"), r.readString("column name"),
                    r.readInt("column type OID"), r.readInt("column typmod"));
        }
        r.expectEnd();
        return new RelationMessage(xid, relid, ns, name, identity, List.of(cols));
    }
}
