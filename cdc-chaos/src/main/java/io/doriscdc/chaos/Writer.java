package io.doriscdc.chaos;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * One PostgreSQL session of the workload: it runs seeded random transactions — single statements,
 * short and long ones with pauses, savepoints rolled back, rolled-back transactions, multi-row
 * {@code INSERT … SELECT}, {@code COPY FROM STDIN}, key changes, delete then re-insert of a key, big
 * transactions that PostgreSQL streams (some aborted after streaming) and now and then a TRUNCATE
 * followed by inserts — until its gate stops it. A lost connection (PostgreSQL restarting) is
 * awaited and reopened; a failed transaction is rolled back and counted ({@link Session}). Runs on its
 * own thread.
 */
final class Writer implements Runnable {

    private static final int BIG_TXN_ROWS = 1_500;

    private final int index;
    private final ChaosSettings settings;
    private final Session session;
    private final WorkloadStats stats;
    private final Gate gate;
    private final Random r;
    private final Statements sql;
    private final ArrayDeque<long[]> freshBatches = new ArrayDeque<>();
    private long nextFresh;
    private long freshRows;
    private boolean refillAfterTruncate;

    Writer(int index, ChaosSettings settings, Connector connect, WorkloadStats stats, Gate gate) {
        this.index = index;
        this.settings = settings;
        this.session = new Session(connect, stats);
        this.stats = stats;
        this.gate = gate;
        this.r = Seeds.random(settings.seed(), "writer-" + index);
        this.sql = new Statements(index, new Values(r, settings.extremeValues()));
        this.nextFresh = sql.accountFreshBase();
    }

    @Override
    public void run() {
        try {
            while (gate.pass()) {
                if (!session.isOpen() && !session.open(gate)) {
                    break;
                }
                try {
                    transaction();
                } catch (SQLException e) {
                    session.failed(e);
                }
                gate.idle(2 + r.nextInt(18)); // pacing between transactions, so that PostgreSQL and the pipeline share the CPU
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
        }
    }

    private void transaction() throws SQLException {
        if (refillAfterTruncate) {
            refillAfterTruncate = false;
            begin();
            exec(sql.refillTruncTarget(5 + r.nextInt(20)));
            commit(); // the transaction after a TRUNCATE inserts too
            return;
        }
        int x = r.nextInt(1000);
        if (x < 250) {
            autocommit(sql.any());
        } else if (x < 550) {
            shortTransaction();
        } else if (x < 610 && settings.longTransactions()) {
            longTransaction();
        } else if (x < 690) {
            savepoints();
        } else if (x < 730) {
            rolledBack();
        } else if (x < 790) {
            bulk();
        } else if (x < 830) {
            copy();
        } else if (x < 900) {
            keyChanges();
        } else if (x < 950) {
            toast();
        } else if (x < 958 && settings.streamedTransactions()) {
            big();
        } else if (x < 960 && settings.truncates()) {
            truncate();
        } else {
            shortTransaction();
        }
    }

    private void autocommit(String statement) throws SQLException {
        session.autocommit(statement);
    }

    private void shortTransaction() throws SQLException {
        begin();
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            exec(sql.any());
        }
        commit();
    }

    /** Open for seconds, many statements with pauses: short transactions of other sessions commit meanwhile. */
    private void longTransaction() throws SQLException {
        stats.longTransactions.increment();
        begin();
        int n = 10 + r.nextInt(25);
        for (int i = 0; i < n; i++) {
            exec(sql.any());
            if (r.nextInt(3) == 0) {
                exec("SELECT pg_sleep(" + (0.05 + r.nextInt(35) / 100.0) + ")");
            }
        }
        if (r.nextInt(7) == 0) {
            rollback();
        } else {
            commit();
        }
    }

    private void savepoints() throws SQLException {
        stats.savepointTransactions.increment();
        begin();
        some(1 + r.nextInt(3));
        exec("SAVEPOINT a");
        some(1 + r.nextInt(3));
        exec("ROLLBACK TO SAVEPOINT a");
        some(1 + r.nextInt(2));
        exec("SAVEPOINT b");
        some(1 + r.nextInt(2));
        if (r.nextBoolean()) {
            exec("SAVEPOINT c");
            exec(sql.upsertEdge());
            try {
                exec("SELECT 1 / 0"); // a statement that fails inside a subtransaction
            } catch (SQLException expected) {
                exec("ROLLBACK TO SAVEPOINT c");
            }
        }
        exec("RELEASE SAVEPOINT b");
        some(1);
        commit();
    }

    private void rolledBack() throws SQLException {
        begin();
        some(1 + r.nextInt(5));
        rollback();
    }

    private void bulk() throws SQLException {
        begin();
        trimFresh();
        switch (r.nextInt(4)) {
            case 0 -> {
                int rows = 10 + r.nextInt(190);
                exec(sql.insertAccountsSelect(fresh(rows), rows, "bulk " + index + " "));
            }
            case 1 -> exec(sql.copyCompositeRows());
            case 2 -> exec(sql.multiRowRiFullPk(2 + r.nextInt(20)));
            default -> {
                exec(sql.rangeUpdateAccounts());
                exec(sql.touchToastyRange());
            }
        }
        some(r.nextInt(2));
        commit();
    }

    private void copy() throws SQLException {
        stats.copies.increment();
        begin();
        trimFresh();
        int rows = 20 + r.nextInt(280);
        long first = fresh(rows);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            data.append(first + i).append('\t').append(r.nextInt(1000)).append('\t').append(r.nextInt(100_000)).append('.').append(r.nextInt(100))
                    .append('\t').append(Sql.copyText(r.nextInt(10) == 0 ? null : sql.values().rawText())).append('\t')
                    .append("2024-02-29 12:34:56.789+00").append('\t').append(r.nextInt(100)).append('\n');
        }
        session.copyIn("COPY accounts (id, owner_id, balance, note, updated, flags) FROM STDIN", data.toString());
        commit();
    }

    /** Primary-key changes, a swap through a free key, and a delete then re-insert of one key, in one transaction. */
    private void keyChanges() throws SQLException {
        begin();
        long a = sql.hotAccount();
        long b = sql.hotAccount();
        long free = sql.hotAccount() + 10_000_000L;
        exec(sql.changeAccountKey(a, free));
        exec(sql.changeAccountKey(b, a));
        exec(sql.changeAccountKey(free, b));
        long k = sql.hotAccount();
        exec(sql.deleteAccount(k));
        exec(sql.insertAccountIfAbsent(k));
        exec(sql.changeCompositeKey());
        exec(sql.changeRiFullPkKey());
        exec(sql.updateRiIndex());
        commit();
    }

    private void toast() throws SQLException {
        begin();
        switch (r.nextInt(5)) {
            case 0 -> exec(sql.upsertToasty());
            case 1 -> {
                exec(sql.rewriteToastColumn());
                exec(sql.touchToasty()); // the rewritten row again, its other columns unchanged TOAST
            }
            case 2 -> exec(sql.touchToastyRange());
            default -> {
                exec(sql.touchToasty());
                exec(sql.touchToasty());
            }
        }
        commit();
    }

    /** Over logical_decoding_work_mem (64 kB): PostgreSQL streams it before its commit; a third abort after streaming. */
    private void big() throws SQLException {
        stats.bigTransactions.increment();
        begin();
        if (freshRows > 12_000 && !freshBatches.isEmpty()) {
            long[] oldest = freshBatches.pollFirst();
            exec("DELETE FROM accounts WHERE id BETWEEN " + oldest[0] + " AND " + oldest[1]);
            freshRows -= oldest[1] - oldest[0] + 1;
            commit();
            return;
        }
        int rows = BIG_TXN_ROWS + r.nextInt(2_500);
        long first = fresh(rows);
        exec(sql.insertAccountsSelect(first, rows, "streamed " + index + " " + "x".repeat(40) + " "));
        if (r.nextBoolean()) {
            exec("SAVEPOINT big");
            exec("UPDATE accounts SET flags = flags + 1, note = note || '+' WHERE id BETWEEN " + first + " AND " + (first + rows / 2));
            exec("ROLLBACK TO SAVEPOINT big");
        }
        some(1 + r.nextInt(3));
        if (r.nextInt(3) == 0) {
            rollback();
        } else {
            commit();
        }
    }

    /** TRUNCATE and inserts in one transaction; the next transaction of this writer inserts too. */
    private void truncate() throws SQLException {
        stats.truncates.increment();
        begin();
        exec("TRUNCATE trunc_target");
        exec(sql.refillTruncTarget(10 + r.nextInt(40)));
        exec(sql.upsertTruncTarget());
        commit();
        refillAfterTruncate = true;
    }

    private void some(int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            exec(sql.any());
        }
    }

    /** Keeps each writer's new accounts (bulk, COPY, streamed) under about 10,000 rows: deletes the oldest batch. */
    private void trimFresh() throws SQLException {
        if (freshRows > 10_000 && !freshBatches.isEmpty()) {
            long[] oldest = freshBatches.pollFirst();
            exec("DELETE FROM accounts WHERE id BETWEEN " + oldest[0] + " AND " + oldest[1]);
            freshRows -= oldest[1] - oldest[0] + 1;
        }
    }

    /** Fresh account keys for {@code rows} new rows, remembered so that big deletes keep the table small. */
    private long fresh(int rows) {
        long first = nextFresh;
        nextFresh += rows;
        freshBatches.addLast(new long[] {first, first + rows - 1});
        freshRows += rows;
        return first;
    }

    private void begin() throws SQLException {
        session.begin();
    }

    private void exec(String statement) throws SQLException {
        session.exec(statement);
    }

    private void commit() throws SQLException {
        session.commit();
    }

    private void rollback() throws SQLException {
        session.rollback();
    }
}
