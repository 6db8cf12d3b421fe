package io.doriscdc.chaos;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * One writer's PostgreSQL connection: statements, transactions and COPY, counted in the run's
 * {@link WorkloadStats}; reopened after PostgreSQL went away. Not thread-safe: one writer's thread.
 */
final class Session implements AutoCloseable {

    private final Connector connector;
    private final WorkloadStats stats;
    private Connection c;
    private Statement st;
    private long txRows;

    Session(Connector connector, WorkloadStats stats) {
        this.connector = connector;
        this.stats = stats;
    }

    boolean isOpen() {
        return c != null;
    }

    /** Opens the connection, waiting while PostgreSQL is down; false once the gate stops. */
    boolean open(Gate gate) throws InterruptedException {
        while (!gate.stopped()) {
            try {
                c = connector.open();
                st = c.createStatement();
                st.execute("SET statement_timeout = '60s'");
                st.execute("SET lock_timeout = '15s'");
                return true;
            } catch (SQLException | RuntimeException e) {
                close();
                gate.idle(250); // PostgreSQL is restarting: try again shortly
            }
        }
        return false;
    }

    /** One statement in its own transaction. */
    void autocommit(String statement) throws SQLException {
        c.setAutoCommit(true);
        txRows = 0;
        exec(statement);
        stats.committed.increment();
        stats.rowsChanged.add(txRows);
    }

    /** The first column of the first row of a query, in its own transaction (null when there is no row). */
    String query(String sql) throws SQLException {
        c.setAutoCommit(true);
        try (java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void begin() throws SQLException {
        c.setAutoCommit(false);
        txRows = 0;
    }

    void exec(String statement) throws SQLException {
        stats.ddl.offer(statement);
        boolean result = st.execute(statement);
        stats.statements.increment();
        if (!result) {
            txRows += Math.max(0, st.getUpdateCount());
        }
    }

    /** {@code COPY … FROM STDIN} of {@code data} in text format. */
    void copyIn(String copy, String data) throws SQLException {
        try {
            txRows += new CopyManager(c.unwrap(BaseConnection.class)).copyIn(copy, new StringReader(data));
            stats.statements.increment();
        } catch (IOException e) {
            throw new SQLException("COPY FROM STDIN failed: " + e.getMessage(), "08006", e);
        }
    }

    void commit() throws SQLException {
        c.commit();
        stats.committed.increment();
        stats.rowsChanged.add(txRows);
    }

    void rollback() throws SQLException {
        c.rollback();
        stats.rolledBack.increment();
    }

    /** After a failed statement: rolls the transaction back, or drops the connection when it is lost. */
    void failed(SQLException e) {
        stats.failed.increment();
        stats.failures.record(e);
        if (lostConnection(e)) {
            stats.connectionLosses.increment();
            close();
            return;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException again) {
            close();
        }
    }

    static boolean lostConnection(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57P") || e.getMessage() != null && e.getMessage().contains("I/O error");
    }

    @Override
    public void close() {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the connection is gone already
        }
        c = null;
        st = null;
    }
}
