package io.doriscdc.cli.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A mixed write load on the demo tables: new orders with lines, status changes, deletes, customer
 * updates (including jsonb), primary-key changes and an occasional bulk update, in transactions of
 * a few statements, paced to a rate. Runs on its own thread; counters are read from any thread.
 */
final class WriteLoad implements Runnable {

    private final Connection c;
    private final Duration duration;
    private final int transactionsPerSecond;
    private final SplittableRandom random = new SplittableRandom(20240601);
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private volatile boolean stop;
    private volatile Exception failure;
    private long nextOrder = DemoSchema.ORDERS + 1;
    private long nextCustomer = DemoSchema.CUSTOMERS + 1;

    WriteLoad(Connection c, Duration duration, int transactionsPerSecond) {
        this.c = c;
        this.duration = duration;
        this.transactionsPerSecond = transactionsPerSecond;
    }

    long transactions() {
        return transactions.get();
    }

    long statements() {
        return statements.get();
    }

    /** Why the load stopped early, or null. */
    Exception failure() {
        return failure;
    }

    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, transactionsPerSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long next = start;
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET search_path = " + DemoSchema.SCHEMA);
            c.commit();
            while (!stop && System.nanoTime() < end) {
                int ops = 1 + random.nextInt(5);
                for (int i = 0; i < ops; i++) {
                    operation(st);
                }
                c.commit();
                transactions.incrementAndGet();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the load, not synchronisation
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    private void operation(Statement st) throws SQLException {
        int pick = random.nextInt(100);
        long order = 1 + random.nextLong(nextOrder - 1);
        long customer = 1 + random.nextLong(nextCustomer - 1);
        if (pick < 25) {
            long id = nextOrder++;
            exec(st, "INSERT INTO orders VALUES (" + id + ", " + customer + ", 'new', " + (random.nextInt(100_000) / 100.0)
                    + ", current_date, clock_timestamp()::timestamp, " + (random.nextBoolean() ? "NULL" : "'order " + id + "'") + ")");
            int lines = 1 + random.nextInt(3);
            for (int l = 1; l <= lines; l++) {
                exec(st, "INSERT INTO order_lines VALUES (" + id + ", " + l + ", 'SKU-" + random.nextInt(997) + "', " + (1 + random.nextInt(9))
                        + ", " + (random.nextInt(20_000) / 100.0) + ", " + (random.nextInt(4) == 0 ? "NULL" : random.nextDouble() * 20) + ")");
            }
        } else if (pick < 50) {
            exec(st, "UPDATE orders SET status = (ARRAY['paid','shipped','returned'])[" + (1 + random.nextInt(3)) + "], amount = amount + "
                    + random.nextInt(100) + ".01, updated_at = clock_timestamp()::timestamp WHERE id = " + order);
        } else if (pick < 62) {
            exec(st, "UPDATE order_lines SET qty = qty + 1, price = price * 1.1 WHERE order_id = " + order);
        } else if (pick < 72) {
            exec(st, "DELETE FROM order_lines WHERE order_id = " + order);
            exec(st, "DELETE FROM orders WHERE id = " + order);
        } else if (pick < 85) {
            exec(st, "UPDATE customers SET balance = balance + " + (random.nextInt(10_000) - 5_000) / 100.0
                    + ", vip = NOT vip, profile = jsonb_set(coalesce(profile, '{}'), '{visits}', to_jsonb(" + random.nextInt(1000) + ")) WHERE id = " + customer);
        } else if (pick < 92) {
            long id = nextCustomer++;
            exec(st, "INSERT INTO customers (id, name, email, external_id, profile) VALUES (" + id + ", 'new customer " + id + "', "
                    + "'n" + id + "@example.com', gen_random_uuid(), '{\"tier\": 0, \"note\": \"caf\u00e9 \u2615\"}')");
        } else if (pick < 98) {
            // a primary-key change: Doris sees a delete of the old key and an insert of the new one
            exec(st, "UPDATE order_lines SET line = line + 100 WHERE order_id = " + order + " AND line < 100");
        } else {
            exec(st, "UPDATE orders SET note = 'bulk ' || " + random.nextInt(1000) + ", updated_at = clock_timestamp()::timestamp "
                    + "WHERE id % 97 = " + random.nextInt(97));
        }
    }

    private void exec(Statement st, String sql) throws SQLException {
        st.executeUpdate(sql);
        statements.incrementAndGet();
    }
}
