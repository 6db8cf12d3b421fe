package io.doriscdc.runtime.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a record the exactly-once promise relies on (an applied TRUNCATE or column change, a
 * mapping) so that it is durable when the write returns, whatever the server's or the role's
 * {@code synchronous_commit}: the write runs in its own transaction with
 * {@code SET LOCAL synchronous_commit = on}. With {@code off} (a common server default) PostgreSQL
 * acknowledges a commit before its WAL is flushed, so a crash can lose a record whose Doris statement
 * already ran; {@code on} waits for the local flush and, with {@code synchronous_standby_names}, for
 * the synchronous standbys too, so a failover keeps it (PostgreSQL docs, "synchronous_commit";
 * src/backend/access/transam/xact.c, RecordTransactionCommit). The setting is local to the
 * transaction: the connection's own setting is unchanged afterwards.
 */
public final class DurableWrite {

    /** The write, on the connection given. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private DurableWrite() {
    }

    /**
     * Runs {@code work} in a transaction whose commit is synchronous. On a connection already inside
     * a transaction (auto-commit off) the setting applies to that transaction, which its owner commits.
     */
    public static <T> T run(Connection c, Work<T> work) throws SQLException {
        if (!c.getAutoCommit()) {
            synchronous(c);
            return work.run(c);
        }
        c.setAutoCommit(false);
        try {
            synchronous(c);
            T out = work.run(c);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void synchronous(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL synchronous_commit = on");
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
