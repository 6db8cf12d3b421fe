package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import java.sql.SQLException;

/**
 * START_REPLICATION was refused because another walsender holds the slot (SQLSTATE 55006,
 * "replication slot ... is active for PID n"): PostgreSQL lets one connection at a time stream
 * from a slot. With high availability an instance stands by or waits for the old walsender to end;
 * without it this stops the pipeline, saying so.
 */
public final class SlotBusy extends CdcException {

    private static final long serialVersionUID = 1L;

    /** SQLSTATE object_in_use: what START_REPLICATION answers for a slot active for another PID. */
    static final String OBJECT_IN_USE = "55006";

    SlotBusy(String message, SQLException cause) {
        super(message, cause);
    }

    /** True when the failure's cause chain holds one, or the SQLSTATE PostgreSQL answers for a slot in use. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SlotBusy || t instanceof SQLException e && OBJECT_IN_USE.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
