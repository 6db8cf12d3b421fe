package io.doriscdc.runtime.internal.slot;

/**
 * {@code CREATE_REPLICATION_SLOT} of a pgoutput slot, written for the server's major version: the
 * option list ({@code (SNAPSHOT 'export', FAILOVER true)}) from 15 on, where PostgreSQL documents it,
 * and the keywords of before ({@code EXPORT_SNAPSHOT}) on 14. Every slot the pipeline makes, the
 * persistent one and the temporary ones of copies, is created through this one command, on a
 * replication connection. Immutable.
 *
 * @param slot           the slot's name ({@code [a-z0-9_]}, checked by the configuration)
 * @param serverMajor    the server's major version
 * @param temporary      dropped when the creating connection closes
 * @param exportSnapshot export a snapshot ({@code SNAPSHOT 'export'}), valid while the connection stays open and idle;
 *                       else none ({@code SNAPSHOT 'nothing'})
 * @param failover       a failover slot (PostgreSQL 17+, never temporary)
 * @see <a href="https://www.postgresql.org/docs/17/protocol-replication.html#PROTOCOL-REPLICATION-CREATE-REPLICATION-SLOT">CREATE_REPLICATION_SLOT</a>
 */
public record SlotCommand(String slot, int serverMajor, boolean temporary, boolean exportSnapshot, boolean failover) {

    /** The first major with the option list of {@code CREATE_REPLICATION_SLOT}. */
    static final int OPTION_LIST_SINCE = 15;
    /** The first major with failover slots ({@code FAILOVER}, {@code ALTER_REPLICATION_SLOT}, {@code sync_replication_slots}). */
    public static final int FAILOVER_SINCE = 17;

    public SlotCommand {
        if (slot == null || !slot.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("slot name '" + slot + "' is invalid: use 1 to 63 lower-case letters, digits or '_'");
        }
        if (failover && temporary) {
            throw new IllegalArgumentException("slot " + slot + " cannot be both temporary and a failover slot: PostgreSQL syncs persistent slots only");
        }
        if (failover && serverMajor < FAILOVER_SINCE) {
            throw new IllegalArgumentException("slot " + slot + " cannot be a failover slot on PostgreSQL " + serverMajor
                    + ": failover slots need PostgreSQL " + FAILOVER_SINCE + " or newer");
        }
    }

    /** The replication command. */
    public String sql() {
        StringBuilder sb = new StringBuilder("CREATE_REPLICATION_SLOT ").append(quoted(slot));
        if (temporary) {
            sb.append(" TEMPORARY");
        }
        sb.append(" LOGICAL pgoutput");
        if (serverMajor >= OPTION_LIST_SINCE) {
            sb.append(" (SNAPSHOT '").append(exportSnapshot ? "export" : "nothing").append('\'');
            if (failover) {
                sb.append(", FAILOVER true");
            }
            sb.append(')');
        } else {
            sb.append(exportSnapshot ? " EXPORT_SNAPSHOT" : " NOEXPORT_SNAPSHOT");
        }
        return sb.toString();
    }

    /** {@code ALTER_REPLICATION_SLOT "slot" (FAILOVER true)} (PostgreSQL 17+, a replication connection). */
    public static String enableFailover(String slot) {
        return "ALTER_REPLICATION_SLOT " + quoted(slot) + " (FAILOVER true)";
    }

    static String quoted(String slot) {
        return '"' + slot + '"';
    }
}
