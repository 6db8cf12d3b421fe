package io.doriscdc.bench.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * PostgreSQL writer sessions for {@link LatencyHarness}: each inserts rows of the harness table in
 * transactions on a fixed schedule and records, per transaction, its keys and the client's
 * {@link System#nanoTime()} right after COMMIT returned. Sessions commit with {@code synchronous_commit = on}
 * (the harness server runs with it off), so the WAL is flushed and the walsender woken at each commit,
 * as on a production server. Keys come from one counter, so every row is a new key. Not thread-safe:
 * one caller at a time.
 */
final class PacedWriters implements AutoCloseable {

    /** One committed transaction: keys {@code firstKey..lastKey}, committed at {@code committedNanos}. */
    record Txn(long firstKey, long lastKey, long committedNanos) {
        long rows() {
            return lastKey - firstKey + 1;
        }
    }

    private final List<Connection> sessions = new ArrayList<>();
    private final List<PreparedStatement> inserts = new ArrayList<>();
    private final ExecutorService threads;
    private final AtomicLong nextKey;

    PacedWriters(BenchPostgres pg, int count, long firstKey) throws SQLException {
        for (int i = 0; i < count; i++) {
            Connection c = pg.connect();
            try (Statement st = c.createStatement()) {
                st.execute("SET synchronous_commit = on");
            }
            c.setAutoCommit(false);
            sessions.add(c);
            inserts.add(c.prepareStatement(Workload.insertRangeSql()));
        }
        this.threads = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "writer");
            t.setDaemon(true);
            return t;
        });
        this.nextKey = new AtomicLong(firstKey);
    }

    /**
     * Writes {@code rowsPerSecond} rows a second in {@code txnsPerSecond} transactions a second spread evenly
     * over the sessions, for {@code duration}; a session that falls behind its schedule catches up by at most
     * one second's transactions. Returns every transaction committed.
     */
    List<Txn> run(long rowsPerSecond, int txnsPerSecond, Duration duration) throws Exception {
        int n = sessions.size();
        int txns = (int) Math.max(1, Math.min(txnsPerSecond, rowsPerSecond));
        long rowsPerTxn = Math.max(1, Math.round((double) rowsPerSecond / txns));
        long period = Math.round(1e9 * n / txns); // between two transactions of one session
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<List<Txn>>> running = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int session = w;
            long first = start + period * w / n; // sessions take turns
            running.add(threads.submit(() -> session(session, first, period, end, rowsPerTxn)));
        }
        List<Txn> out = new ArrayList<>();
        for (Future<List<Txn>> f : running) {
            out.addAll(f.get());
        }
        return out;
    }

    private List<Txn> session(int session, long first, long period, long end, long rowsPerTxn) throws SQLException {
        List<Txn> out = new ArrayList<>();
        long due = first;
        for (long now = System.nanoTime(); due < end; now = System.nanoTime()) {
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            out.add(insert(session, rowsPerTxn));
            due = Math.max(due + period, System.nanoTime() - 1_000_000_000L);
        }
        return out;
    }

    /** One transaction of {@code rows} new rows on session 0, now. */
    Txn single(long rows) throws SQLException {
        return insert(0, rows);
    }

    /** The key the next transaction's first row will get. */
    long peekNextKey() {
        return nextKey.get();
    }

    private Txn insert(int session, long rows) throws SQLException {
        long firstKey = nextKey.getAndAdd(rows);
        PreparedStatement ps = inserts.get(session);
        ps.setLong(1, firstKey);
        ps.setLong(2, firstKey + rows - 1);
        ps.executeUpdate();
        sessions.get(session).commit();
        return new Txn(firstKey, firstKey + rows - 1, System.nanoTime());
    }

    @Override
    public void close() throws SQLException {
        threads.shutdownNow();
        for (Connection c : sessions) {
            c.close();
        }
    }
}
