package io.doriscdc.chaos;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One writer session of {@link SchemaChaosIT}: seeded random transactions on the table
 * {@code evolving} while its columns change — upserts, updates of single rows and of ranges, deletes,
 * key changes, a delete and re-insert of one key, rolled-back transactions, long transactions with
 * pauses and transactions big enough for PostgreSQL to stream them (some rolled back after being
 * streamed). Each statement writes the stable columns and some of the managed columns the
 * {@link EvolvingLayout} lists at that moment, with values of their current type; a statement that
 * lost the race with a column change (a column renamed or dropped meanwhile) fails, and its
 * transaction is rolled back, as in production. Keys: its own fresh rows ({@code (index + 1) * 1,000,000
 * + k}, moved by key changes to {@code + 500,000 + k}) and the warm seed rows 1001–4000 with
 * {@code id % writers = index}; the cold seed rows 1–1000 are never written after the seed. Runs on its own thread.
 */
final class SchemaWriter implements Runnable {

    static final long WARM_FIRST = 1_001;
    static final long WARM_LAST = 4_000;
    private static final long MOVED = 500_000;
    private static final long BIG = 200_000;

    private final int index;
    private final int writers;
    private final Session session;
    private final Gate gate;
    private final Random r;
    private final EvolvingLayout layout;
    private final WorkloadStats stats;
    private final Map<String, LongAdder> errors;
    private final long base;
    private long fresh;

    SchemaWriter(int index, int writers, long seed, Connector connector, EvolvingLayout layout, WorkloadStats stats, Gate gate,
                 Map<String, LongAdder> errors) {
        this.index = index;
        this.writers = writers;
        this.session = new Session(connector, stats);
        this.gate = gate;
        this.r = Seeds.random(seed, "schema-writer-" + index);
        this.layout = layout;
        this.stats = stats;
        this.errors = errors;
        this.base = (index + 1) * 1_000_000L;
    }

    /** SQLSTATE → count of the statements that failed, for the report. */
    static Map<String, LongAdder> errorCounts() {
        return new ConcurrentHashMap<>();
    }

    static String describe(Map<String, LongAdder> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue().sum())
                .collect(Collectors.joining(", "));
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
                    errors.computeIfAbsent(e.getSQLState() + " " + abbreviate(e.getMessage()), k -> new LongAdder()).increment();
                    session.failed(e);
                }
                gate.idle(5 + r.nextInt(25)); // pacing: PostgreSQL and the pipeline share 2 cores with the writers
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
        }
    }

    private static String abbreviate(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return first.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("[0-9]+", "N");
    }

    private void transaction() throws SQLException {
        int x = r.nextInt(100);
        if (x < 30) {
            session.autocommit(any());
        } else if (x < 62) {
            session.begin();
            some(2 + r.nextInt(4));
            session.commit();
        } else if (x < 70) {
            longTransaction();
        } else if (x < 78) {
            session.begin();
            some(1 + r.nextInt(4));
            session.rollback();
        } else if (x < 90) {
            keyChanges();
        } else if (x < 94) {
            big();
        } else {
            session.autocommit(updateRange());
        }
    }

    /** Open for a second or two with pauses: the other sessions commit meanwhile, and a column change waits for it. */
    private void longTransaction() throws SQLException {
        stats.longTransactions.increment();
        session.begin();
        int n = 6 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
            session.exec(any());
            if (r.nextInt(3) == 0) {
                session.exec("SELECT pg_sleep(" + (0.05 + r.nextInt(20) / 100.0) + ")");
            }
        }
        if (r.nextInt(6) == 0) {
            session.rollback();
        } else {
            session.commit();
        }
    }

    /** A key moved and back through a free key, and a delete then re-insert of one key, in one transaction. */
    private void keyChanges() throws SQLException {
        session.begin();
        long k = ownKey();
        session.exec("UPDATE " + EvolvingLayout.TABLE + " SET id = " + (k + MOVED) + ", n = n + 1 WHERE id = " + k);
        session.exec("UPDATE " + EvolvingLayout.TABLE + " SET id = " + k + " WHERE id = " + (k + MOVED));
        long d = ownKey();
        session.exec("DELETE FROM " + EvolvingLayout.TABLE + " WHERE id = " + d);
        session.exec(upsert(d, "re-inserted"));
        if (r.nextBoolean()) {
            long m = ownKey();
            session.exec("UPDATE " + EvolvingLayout.TABLE + " SET id = id + " + MOVED + " WHERE id = " + m); // stays moved
        }
        session.commit();
    }

    /** Over logical_decoding_work_mem (64 kB): PostgreSQL streams it before its commit; a third roll back after streaming. */
    private void big() throws SQLException {
        stats.bigTransactions.increment();
        session.begin();
        int rows = 1_500 + r.nextInt(1_000);
        long first = base + BIG + r.nextInt(50_000);
        List<EvolvingLayout.Col> cols = some(layout.managedNow());
        String names = cols.stream().map(c -> ", " + c.name()).collect(Collectors.joining());
        String values = cols.stream().map(c -> ", " + EvolvingLayout.literal(r, c.pgType())).collect(Collectors.joining());
        String updates = cols.stream().map(c -> ", " + c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining());
        session.exec("INSERT INTO " + EvolvingLayout.TABLE + " (id, w, n, pad" + names + ") SELECT " + first + " + g, " + index
                + ", g, 'streamed " + index + " ' || repeat('s', 90)" + values + " FROM generate_series(0, " + (rows - 1) + ") g "
                + "ON CONFLICT (id) DO UPDATE SET n = " + EvolvingLayout.TABLE + ".n + 1, pad = EXCLUDED.pad" + updates);
        if (r.nextBoolean()) {
            session.exec("DELETE FROM " + EvolvingLayout.TABLE + " WHERE id BETWEEN " + first + " AND " + (first + rows / 10));
        }
        session.exec(any());
        if (r.nextInt(3) == 0) {
            session.rollback();
        } else {
            session.commit();
        }
    }

    private void some(int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            session.exec(any());
        }
    }

    private String any() {
        return switch (r.nextInt(6)) {
            case 0, 1 -> upsert(freshKey(), "upsert " + index);
            case 2 -> updateWarm();
            case 3 -> "UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1" + assignments() + " WHERE id = " + ownKey();
            case 4 -> "DELETE FROM " + EvolvingLayout.TABLE + " WHERE id = " + ownKey();
            default -> updateRange();
        };
    }

    private String upsert(long id, String pad) {
        List<EvolvingLayout.Col> cols = some(layout.managedNow());
        String names = cols.stream().map(c -> ", " + c.name()).collect(Collectors.joining());
        String values = cols.stream().map(c -> ", " + EvolvingLayout.literal(r, c.pgType())).collect(Collectors.joining());
        String updates = cols.stream().map(c -> ", " + c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining());
        return "INSERT INTO " + EvolvingLayout.TABLE + " (id, w, n, pad" + names + ") VALUES (" + id + ", " + index + ", " + r.nextInt(1000)
                + ", " + Sql.lit(pad + " " + r.nextInt(1_000_000)) + values + ") ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n, pad = EXCLUDED.pad"
                + updates;
    }

    private String updateWarm() {
        long id = WARM_FIRST + r.nextInt((int) (WARM_LAST - WARM_FIRST + 1));
        id -= Math.floorMod(id - index, writers); // this writer's share of the warm rows
        if (id < WARM_FIRST) {
            id += writers;
        }
        return "UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1, w = " + index + assignments() + " WHERE id = " + id;
    }

    private String updateRange() {
        long from = WARM_FIRST + r.nextInt((int) (WARM_LAST - WARM_FIRST - 60));
        return "UPDATE " + EvolvingLayout.TABLE + " SET n = n + 1" + assignments() + " WHERE id BETWEEN " + from + " AND " + (from + 60)
                + " AND id % " + writers + " = " + index;
    }

    /** {@code , c = <value>} for some managed columns. */
    private String assignments() {
        return some(layout.managedNow()).stream().map(c -> ", " + c.name() + " = " + EvolvingLayout.literal(r, c.pgType()))
                .collect(Collectors.joining());
    }

    /** Zero to three of the managed columns. */
    private List<EvolvingLayout.Col> some(List<EvolvingLayout.Col> cols) {
        List<EvolvingLayout.Col> out = new ArrayList<>();
        for (EvolvingLayout.Col c : cols) {
            if (r.nextInt(cols.size()) < 2) {
                out.add(c);
            }
        }
        return out;
    }

    private long freshKey() {
        fresh = Math.min(fresh + 1, 100_000);
        return base + fresh;
    }

    /** One of this writer's fresh keys written so far (perhaps deleted or moved meanwhile). */
    private long ownKey() {
        return base + 1 + r.nextInt((int) Math.max(1, fresh));
    }
}
