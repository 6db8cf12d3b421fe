package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.pgoutput.DeleteMessage;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.UpdateMessage;

/**
 * A change the worker could not handle, with what the operator needs (ARCHITECTURE.md invariant 6):
 * the stream position and LSN, the message and table, the cause (which names the column where it
 * knows it) and what to do. The slot stays before the change's transaction.
 */
final class ChangeFailure extends CdcException {
    private static final long serialVersionUID = 1L;

    private ChangeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static ChangeFailure of(RuntimeException cause, PgOutputMessage m, Lsn lsn, StreamPosition position, ChangeRouter router) {
        StringBuilder sb = new StringBuilder("cannot handle ");
        sb.append(m == null ? "the message" : describe(m)).append(" at LSN ").append(lsn);
        if (position != null) {
            sb.append(" (stream position ").append(position).append(')');
        }
        int relation = relationOf(m);
        String table = relation == 0 ? null : router.tableName(relation);
        if (table != null) {
            sb.append(" of table ").append(table);
        }
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        sb.append(": ").append(why).append("; the slot stays before this transaction. Fix the cause and restart");
        if (table != null) {
            sb.append(", or remove ").append(table).append(" from the pipeline to skip its changes");
        }
        return new ChangeFailure(sb.toString(), cause);
    }

    private static String describe(PgOutputMessage m) {
        return switch (m.type()) {
            case 'I' -> "an insert";
            case 'U' -> "an update";
            case 'D' -> "a delete";
            case 'T' -> "a truncate";
            case 'R' -> "a relation message";
            case 'B' -> "a begin";
            case 'C' -> "a commit";
            case 'M' -> "a logical decoding message";
            default -> "a '" + m.type() + "' message";
        };
    }

    private static int relationOf(PgOutputMessage m) {
        if (m instanceof InsertMessage i) {
            return i.relationId();
        } else if (m instanceof UpdateMessage u) {
            return u.relationId();
        } else if (m instanceof DeleteMessage d) {
            return d.relationId();
        } else if (m instanceof RelationMessage r) {
            return r.relationId();
        }
        return 0;
    }
}
