package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The session of {@link SchemaChaosIT} that changes the columns of {@code evolving}: one column change
 * at a time, in autocommit, inside a transaction between rows of the old shape and rows of the new
 * one, or inside a transaction big enough for PostgreSQL to stream it before its commit. Each change
 * is followed by rows that use the new shape (the changed column written, new rows with every
 * column), and is published to the writers' {@link EvolvingLayout} once committed. Its rows are the
 * seed rows 4001–6000 and fresh ones from 10,000,000; a transaction that loses a deadlock or a lock
 * wait is rolled back and run again. Not thread-safe: the test's thread.
 */
final class DdlSession implements AutoCloseable {

    /** Where the column change runs. */
    enum Mode {
        /** alone, in its own transaction; rows of the new shape in the next one */
        AUTOCOMMIT,
        /** {@code BEGIN; rows of the old shape; the change; rows of the new shape; COMMIT} */
        IN_TRANSACTION,
        /** as IN_TRANSACTION, with 3,000 rows before the change, which PostgreSQL streams before the commit, and 3,000 after */
        STREAMED
    }

    static final long OWN_FIRST = 4_001;
    static final long OWN_LAST = 6_000;
    private static final int STREAMED_ROWS = 3_000;
    private static final int ATTEMPTS = 8;

    private final Connector connector;
    private final EvolvingLayout layout;
    private final RunLog log;
    private final LongSupplier streamedTransactions;
    private Connection c;
    private Statement st;
    private int salt = 1;
    private long nextFresh = 10_000_000;

    DdlSession(Connector connector, EvolvingLayout layout, RunLog log, LongSupplier streamedTransactions) {
        this.connector = connector;
        this.layout = layout;
        this.log = log;
        this.streamedTransactions = streamedTransactions;
    }

    /**
     * Runs {@code ddl} (which turns the layout into {@code next}) in {@code mode}; {@code touched} is the column
     * the rows of the new shape write (the added, renamed or widened one; null after a drop: then every managed column).
     */
    void change(String ddl, Mode mode, List<EvolvingLayout.Col> next, String touched) throws SQLException, InterruptedException {
        List<EvolvingLayout.Col> before = layout.managedNow();
        List<EvolvingLayout.Col> after = next.stream().filter(x -> x.managed() && !x.dropped()).toList();
        List<EvolvingLayout.Col> written = touched == null ? after : after.stream().filter(x -> x.name().equals(touched)).toList();
        open();
        // a row of the old shape first, committed alone: whatever position a restarted pipeline replays from, the stream
        // describes the table before this change, so that the change reaches the pipeline as a change (a change that the
        // pipeline's first description of the table already has is columnChangesMadeWhileThePipelineIsStopped…'s case)
        inTransaction(() -> st.execute("UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1 WHERE id = " + (OWN_FIRST + salt++ % 1000)));
        for (int attempt = 1; ; attempt++) {
            try {
                open();
                if (mode == Mode.AUTOCOMMIT) {
                    c.setAutoCommit(true);
                    st.execute(ddl);
                    publish(next, ddl, mode);
                    inTransaction(() -> newShape(after, written));
                    return;
                }
                c.setAutoCommit(false);
                long first = nextFresh;
                oldShape(before);
                if (mode == Mode.STREAMED) {
                    long streamedBefore = streamedTransactions.getAsLong();
                    st.execute(insert(first, STREAMED_ROWS, before, "repeat('p', 120)"));
                    awaitStreamed(streamedBefore, ddl);
                }
                st.execute(ddl);
                if (mode == Mode.STREAMED) {
                    st.execute("UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1" + set(written) + " WHERE id BETWEEN " + first + " AND "
                            + (first + STREAMED_ROWS));
                }
                newShape(after, written);
                c.commit();
                publish(next, ddl, mode);
                return;
            } catch (SQLException e) {
                if (!retryable(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                log.line("the DDL session's transaction failed (" + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("")
                        + "); again");
                rollbackQuietly(e);
            }
        }
    }

    /** Runs {@code ddl} alone in autocommit, no rows before or after it, and publishes {@code next}. */
    void alone(String ddl, List<EvolvingLayout.Col> next) throws SQLException {
        open();
        c.setAutoCommit(true);
        st.execute(ddl);
        publish(next, ddl, Mode.AUTOCOMMIT);
    }

    private void publish(List<EvolvingLayout.Col> next, String ddl, Mode mode) {
        layout.publish(next);
        log.line("PostgreSQL: " + ddl + " (" + mode + ") committed");
    }

    /** Rows of the old shape in the transaction before the change: an update of some of the session's rows, every managed column. */
    private void oldShape(List<EvolvingLayout.Col> cols) throws SQLException {
        st.execute("UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1" + set(cols) + " WHERE id BETWEEN " + OWN_FIRST + " AND " + OWN_LAST
                + " AND id % 7 = " + salt % 7);
        salt++;
    }

    /** Rows that need the new shape: the written columns of some of the session's rows, and new rows with every column. */
    private void newShape(List<EvolvingLayout.Col> all, List<EvolvingLayout.Col> written) throws SQLException {
        st.execute("UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1" + set(written) + " WHERE id BETWEEN " + OWN_FIRST + " AND " + OWN_LAST
                + " AND id % 5 = " + salt % 5);
        salt++;
        st.execute(insert(nextFresh, 20, all, "'ddl'"));
        st.execute("DELETE FROM " + EvolvingLayout.TABLE + " WHERE id BETWEEN " + OWN_FIRST + " AND " + OWN_LAST + " AND id % 97 = " + salt % 97);
        salt++;
    }

    private String insert(long first, int rows, List<EvolvingLayout.Col> cols, String pad) {
        nextFresh = first + rows + 1;
        String names = cols.stream().map(x -> ", " + x.name()).collect(Collectors.joining());
        String values = cols.stream().map(x -> ", " + EvolvingLayout.expression(x.pgType(), salt, "g::int8")).collect(Collectors.joining());
        salt++;
        return "INSERT INTO " + EvolvingLayout.TABLE + " (id, w, n, pad" + names + ") SELECT g, -2, 0, " + pad + values
                + " FROM generate_series(" + first + ", " + (first + rows - 1) + ") g";
    }

    private String set(List<EvolvingLayout.Col> cols) {
        String out = cols.stream().map(x -> ", " + x.name() + " = " + EvolvingLayout.expression(x.pgType(), salt)).collect(Collectors.joining());
        salt++;
        return out;
    }

    /** Waits until PostgreSQL has streamed a transaction since {@code before} (this one, by far the biggest: 3,000 rows of 150 bytes). */
    private void awaitStreamed(long before, String ddl) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streamedTransactions.getAsLong() <= before) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the harness: PostgreSQL did not stream the transaction of '" + ddl + "' within 90 s");
            }
            Thread.sleep(50); // polling pg_stat_replication_slots
        }
    }

    private void inTransaction(SqlAction action) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                c.setAutoCommit(false);
                action.run();
                c.commit();
                return;
            } catch (SQLException e) {
                if (!retryable(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                rollbackQuietly(e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Deadlocks with the writers, lock waits past lock_timeout. */
    private static boolean retryable(SQLException e) {
        return List.of("40P01", "55P03", "40001").contains(e.getSQLState());
    }

    private void rollbackQuietly(SQLException cause) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException again) {
            cause.addSuppressed(again);
            throw cause;
        }
    }

    private void open() throws SQLException {
        if (c == null) {
            c = connector.open();
            st = c.createStatement();
            st.execute("SET lock_timeout = '10s'");
        }
    }

    @Override
    public void close() throws SQLException {
        if (c != null) {
            c.close();
        }
    }
}
