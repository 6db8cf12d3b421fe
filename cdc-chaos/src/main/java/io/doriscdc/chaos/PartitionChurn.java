package io.doriscdc.chaos;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partitioned table {@code parted} under DDL: one session changes its rows (upserts, range
 * updates, deletes, rows moved between partitions), another attaches, detaches and creates
 * partitions while it does — a table with rows attached and detached (also {@code CONCURRENTLY},
 * and inside a transaction that changed its rows first), a range partition created one level down,
 * the oldest one detached and dropped, a sub-partitioned table with rows attached whole. A change
 * whose partition was detached meanwhile fails and is rolled back, as it would in production. Runs
 * on its own thread, through the run's gate.
 */
final class PartitionChurn implements Runnable {

    static final long RANGE = 1_000_000L;
    /** How many sessions {@link #sessions} returns. */
    static final int SESSIONS = 2;
    private static final int MAX_SUBPARTITIONED = 3;

    /** What the two sessions share: the RANGE partitions of {@code parted_us} now attached, and the LIST values with partitions. */
    static final class Layout {
        final AtomicInteger lowestRange = new AtomicInteger(0);
        final AtomicInteger highestRange = new AtomicInteger(1);
        final AtomicInteger subpartitioned = new AtomicInteger(0);
        volatile boolean apacAttached;
    }

    private final boolean ddl;
    private final Session session;
    private final Gate gate;
    private final Random r;
    private final Layout layout;
    private final WorkloadStats stats;
    private boolean repair; // a DDL step failed (a PostgreSQL restart, a lock timeout): read the layout back first

    private PartitionChurn(boolean ddl, ChaosSettings settings, Connector connector, WorkloadStats stats, Gate gate, Layout layout) {
        this.ddl = ddl;
        this.session = new Session(connector, stats);
        this.gate = gate;
        this.r = Seeds.random(settings.seed(), ddl ? "partition-ddl" : "partition-dml");
        this.layout = layout;
        this.stats = stats;
    }

    /** The session that changes rows and the one that changes partitions. */
    static List<Runnable> sessions(ChaosSettings settings, Connector connector, WorkloadStats stats, Gate gate) {
        Layout layout = new Layout();
        return List.of(new PartitionChurn(false, settings, connector, stats, gate, layout),
                new PartitionChurn(true, settings, connector, stats, gate, layout));
    }

    /** Its partitions and seed rows (after {@code CREATE TABLE parted}), and the table {@code parted_apac}, attached later. */
    static List<String> initialPartitions() {
        List<String> out = new ArrayList<>(List.of(
                "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu')",
                "CREATE TABLE parted_asia PARTITION OF parted FOR VALUES IN ('asia')",
                "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us') PARTITION BY RANGE (id)",
                "CREATE TABLE parted_us_0 PARTITION OF parted_us FOR VALUES FROM (0) TO (" + RANGE + ")",
                "CREATE TABLE parted_us_1 PARTITION OF parted_us FOR VALUES FROM (" + RANGE + ") TO (" + 2 * RANGE + ")",
                "INSERT INTO parted SELECT (ARRAY['eu', 'asia', 'us'])[1 + g % 3], g, g, 'seed' FROM generate_series(0, 2999) g",
                "INSERT INTO parted SELECT 'us', " + RANGE + " + g, g, 'seed' FROM generate_series(0, 999) g",
                standalone("parted_apac"),
                "INSERT INTO parted_apac SELECT 'apac', g, g, 'before attach' FROM generate_series(0, 1999) g"));
        return out;
    }

    private static String standalone(String name) {
        return "CREATE TABLE " + name + " (region text NOT NULL, id int8 NOT NULL, v int4, note text, PRIMARY KEY (region, id))";
    }

    @Override
    public void run() {
        try {
            while (gate.pass()) {
                if (!session.isOpen() && !session.open(gate)) {
                    break;
                }
                try {
                    if (ddl) {
                        ddlStep();
                    } else {
                        dmlTransaction();
                    }
                } catch (SQLException e) {
                    session.failed(e);
                    repair = ddl;
                }
                gate.idle(ddl ? 400 + r.nextInt(1600) : 5 + r.nextInt(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
        }
    }

    private void dmlTransaction() throws SQLException {
        session.begin();
        int statements = 1 + r.nextInt(4);
        for (int i = 0; i < statements; i++) {
            String region = region();
            long id = id(region);
            switch (r.nextInt(5)) {
                case 0, 1 -> session.exec("INSERT INTO parted VALUES (" + Sql.lit(region) + ", " + id + ", " + r.nextInt(1000) + ", 'upsert') "
                        + "ON CONFLICT (region, id) DO UPDATE SET v = EXCLUDED.v, note = EXCLUDED.note");
                case 2 -> session.exec("UPDATE parted SET v = v + 1, note = 'range' WHERE region = " + Sql.lit(region) + " AND id BETWEEN "
                        + id + " AND " + (id + 20));
                case 3 -> session.exec("DELETE FROM parted WHERE region = " + Sql.lit(region) + " AND id = " + id);
                default -> session.exec("UPDATE parted SET region = " + Sql.lit(r.nextBoolean() ? "asia" : "eu") + ", note = 'moved' "
                        + "WHERE region = " + Sql.lit(region) + " AND id = " + id); // across partitions; may hit the key of another row
            }
        }
        if (r.nextInt(10) == 0) {
            session.rollback();
        } else {
            session.commit();
        }
    }

    private String region() {
        int subpartitioned = layout.subpartitioned.get();
        int pick = r.nextInt(5 + subpartitioned);
        return switch (pick) {
            case 0 -> "eu";
            case 1 -> "asia";
            case 2 -> "apac";
            case 3, 4 -> "us";
            default -> "sa" + (pick - 5);
        };
    }

    private long id(String region) {
        if (region.equals("us")) {
            int low = layout.lowestRange.get();
            int range = low + r.nextInt(layout.highestRange.get() - low + 1);
            return range * RANGE + r.nextInt(3000);
        }
        return r.nextInt(3000);
    }

    private void ddlStep() throws SQLException {
        if (repair) {
            repairLayout();
            repair = false;
        }
        switch (r.nextInt(7)) {
            case 0, 1 -> toggleApac();
            case 2 -> {
                int next = layout.highestRange.get() + 1;
                session.autocommit("CREATE TABLE parted_us_" + next + " PARTITION OF parted_us FOR VALUES FROM (" + next * RANGE + ") TO ("
                        + (next + 1) * RANGE + ")");
                layout.highestRange.set(next);
            }
            case 3 -> {
                int low = layout.lowestRange.get();
                if (layout.highestRange.get() - low >= 2) {
                    session.autocommit("ALTER TABLE parted_us DETACH PARTITION parted_us_" + low);
                    layout.lowestRange.set(low + 1);
                    session.autocommit("DROP TABLE parted_us_" + low); // detached: its rows left Doris with it
                }
            }
            case 4 -> {
                session.autocommit("ALTER TABLE parted DETACH PARTITION parted_eu CONCURRENTLY");
                try {
                    session.autocommit("UPDATE parted_eu SET v = -v WHERE id % 5 = 0"); // not the table's any more
                } finally {
                    session.autocommit("ALTER TABLE parted ATTACH PARTITION parted_eu FOR VALUES IN ('eu')");
                }
            }
            case 5 -> {
                if (layout.apacAttached) { // rows changed, then the partition detached, in one transaction
                    session.begin();
                    session.exec("UPDATE parted SET note = 'before detach' WHERE region = 'apac' AND id % 3 = 0");
                    session.exec("ALTER TABLE parted DETACH PARTITION parted_apac");
                    session.commit();
                    layout.apacAttached = false;
                }
            }
            default -> attachSubpartitioned();
        }
    }

    /**
     * After a failed DDL step: finishes a {@code DETACH CONCURRENTLY} that a PostgreSQL crash cut short
     * (it leaves the partition pending detach), attaches {@code parted_eu} again, and reads which
     * partitions are attached.
     */
    private void repairLayout() throws SQLException {
        String pending = session.query("SELECT string_agg(format('ALTER TABLE %s DETACH PARTITION %s FINALIZE', i.inhparent::regclass, "
                + "i.inhrelid::regclass), ';') FROM pg_inherits i WHERE i.inhdetachpending");
        if (pending != null) {
            for (String statement : pending.split(";")) {
                session.autocommit(statement);
            }
        }
        if (!"t".equals(session.query("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = 'parted_eu'::regclass)"))) {
            session.autocommit("ALTER TABLE parted ATTACH PARTITION parted_eu FOR VALUES IN ('eu')");
        }
        layout.apacAttached = "t".equals(session.query("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = 'parted_apac'::regclass)"));
        String ranges = session.query("SELECT min(substr(c.relname, 11)::int) || ',' || max(substr(c.relname, 11)::int) FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'parted_us'::regclass");
        if (ranges != null) {
            String[] lowHigh = ranges.split(",");
            layout.lowestRange.set(Integer.parseInt(lowHigh[0]));
            layout.highestRange.set(Integer.parseInt(lowHigh[1]));
        }
        String subpartitioned = session.query("SELECT count(*) FROM pg_class WHERE relname ~ '^parted_sa[0-9]+$'");
        layout.subpartitioned.set(Integer.parseInt(subpartitioned));
    }

    private void toggleApac() throws SQLException {
        if (layout.apacAttached) {
            session.autocommit("ALTER TABLE parted DETACH PARTITION parted_apac" + (r.nextBoolean() ? " CONCURRENTLY" : ""));
            layout.apacAttached = false;
            return;
        }
        session.autocommit("UPDATE parted_apac SET v = v + 1, note = 'while detached' WHERE id % 7 = " + r.nextInt(7));
        session.autocommit("INSERT INTO parted_apac SELECT 'apac', g, 0, 'while detached' FROM generate_series(0, 2999) g "
                + "WHERE g % 11 = " + r.nextInt(11) + " ON CONFLICT DO NOTHING");
        session.autocommit("ALTER TABLE parted ATTACH PARTITION parted_apac FOR VALUES IN ('apac')");
        layout.apacAttached = true;
    }

    private void attachSubpartitioned() throws SQLException {
        int n = layout.subpartitioned.get();
        if (n >= MAX_SUBPARTITIONED) {
            return;
        }
        String name = "parted_sa" + n;
        session.begin();
        session.exec(standalone(name) + " PARTITION BY RANGE (id)");
        session.exec("CREATE TABLE " + name + "_low PARTITION OF " + name + " FOR VALUES FROM (0) TO (1500)");
        session.exec("CREATE TABLE " + name + "_high PARTITION OF " + name + " FOR VALUES FROM (1500) TO (MAXVALUE)");
        session.exec("INSERT INTO " + name + " SELECT 'sa" + n + "', g, g, 'attached whole' FROM generate_series(0, 2999) g");
        session.commit();
        session.autocommit("ALTER TABLE parted ATTACH PARTITION " + name + " FOR VALUES IN ('sa" + n + "')");
        layout.subpartitioned.set(n + 1);
        stats.statements.increment();
    }
}
