package io.doriscdc.cli.demo;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.cli.ExitCodes;
import io.doriscdc.cli.StopSignal;
import io.doriscdc.runtime.doris.PgCatalog;
import io.doriscdc.runtime.doris.TargetTables;
import io.doriscdc.cli.metrics.MetricsServer;
import io.doriscdc.cli.metrics.PipelineMetrics;
import io.doriscdc.cli.progress.Format;
import io.doriscdc.cli.progress.ProgressView;
import io.doriscdc.cli.verify.TableComparison;
import io.doriscdc.cli.verify.Verifier;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TableStatus;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The demo, step by step: PostgreSQL and Doris up, sample tables, a pipeline (initial copy, then
 * streaming), a mixed write load with live progress, catch-up to lag 0, and a verification of row
 * counts and checksums on both sides. Runs on the caller's thread; not reusable.
 */
public final class Demo {

    static final String SLOT = "doris_cdc_demo";
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private final DemoOptions options;
    private final PrintStream out;
    private final StopSignal stop;
    private final ProgressView view;
    private final long started = System.nanoTime();

    public Demo(DemoOptions options, PrintStream out, StopSignal stop) {
        this.options = options;
        this.out = out;
        this.stop = stop;
        this.view = new ProgressView(out, !options.plain() && ProgressView.isTerminal());
    }

    /** Runs the demo and returns its exit code. */
    public int run() throws SQLException {
        say("doris-cdc demo: PostgreSQL -> Doris, an initial copy, then streaming under a write load, then a verification");
        try (PgSide pg = options.postgresUrl().map(u -> PgSide.external(u, options.postgresUser(), options.postgresPassword()))
                .orElseGet(PgSide::embedded);
             DorisSide doris = options.dorisFe().map(fe -> DorisSide.real(fe, options.dorisUser(), options.dorisPassword()))
                     .orElseGet(DorisSide::emulator)) {
            step("source: " + pg.describe());
            step("target: " + doris.describe());
            pg.dropLeftovers(SLOT);
            try (Connection c = pg.connect()) {
                DemoSchema.create(c);
                for (TableRoute r : DemoSchema.ROUTES) {
                    step("sample table " + r.source() + ": " + Format.count(count(c, r)) + " rows");
                }
                createDorisTables(c, doris);
            }
            return runPipeline(pg, doris);
        }
    }

    private void createDorisTables(Connection c, DorisSide doris) throws SQLException {
        for (TableRoute r : DemoSchema.ROUTES) {
            if (!doris.isEmulator()) {
                doris.sql().execute(r.target().database(), "DROP TABLE IF EXISTS " + r.target().toSql());
            }
            TargetTables.create(doris.sql(), r.source(), r.target(), PgCatalog.columns(c, r.source()));
        }
        step("Doris tables created: Unique Key (merge-on-write) with a largeint sequence column, in database " + DemoSchema.SCHEMA);
    }

    private int runPipeline(PgSide pg, DorisSide doris) throws SQLException {
        PipelineMetrics metrics = new PipelineMetrics();
        PipelineConfig.Builder config = PipelineConfig.builder()
                .postgres(pg.url()).user(pg.user()).password(pg.password())
                .slot(SLOT).publication(SLOT)
                .transport("streamload").transportSettings(doris.transportSettings())
                .batchMaxAge(Duration.ofMillis(200))
                .snapshotBatchRows(5_000)
                .listener(metrics);
        DemoSchema.ROUTES.forEach(config::route);
        MetricsServer server = options.metricsPort().isPresent() ? MetricsServer.start("127.0.0.1", options.metricsPort().getAsInt(), metrics) : null;
        Pipeline pipeline = Pipeline.create(config.build());
        try {
            pipeline.start();
            metrics.statusFrom(pipeline::status);
            if (server != null) {
                step("metrics: http://127.0.0.1:" + server.port() + "/metrics");
            }
            step("pipeline started: slot " + SLOT + " created, initial copy under its snapshot");
            if (!copy(pipeline)) {
                return interruptedOr(pipeline);
            }
            if (!stream(pipeline, pg)) {
                return interruptedOr(pipeline);
            }
            if (!catchUp(pipeline, pg)) {
                return interruptedOr(pipeline);
            }
            int code = verify(pg, doris);
            if (options.keepRunning() && !stop.requested()) {
                keepRunning(pipeline, pg);
            }
            return code;
        } finally {
            view.finish();
            pipeline.stop();
            if (server != null) {
                server.close();
            }
            if (options.postgresUrl().isPresent()) {
                pg.dropLeftovers(SLOT);
                step("dropped the demo's slot and publication from " + pg.url());
            }
        }
    }

    private boolean copy(Pipeline pipeline) {
        long start = System.nanoTime();
        while (true) {
            List<TableStatus> status = pipeline.status();
            view.update("copy", since(start), status, "");
            failIfFailed(pipeline, status);
            if (status.stream().allMatch(s -> s.snapshot() != null && s.snapshot().done() && s.state() == TableState.STREAMING)) {
                long rows = status.stream().mapToLong(s -> s.snapshot().rowsDone()).sum();
                view.println(String.format(Locale.ROOT, "%s initial copy done: %s rows in %s", stamp(), Format.count(rows), Format.duration(since(start))));
                return true;
            }
            if (since(start).compareTo(COPY_TIMEOUT) > 0) {
                throw new CdcException("the initial copy did not finish within " + COPY_TIMEOUT + "; status: " + status);
            }
            if (stop.await(TICK)) {
                return false;
            }
        }
    }

    private boolean stream(Pipeline pipeline, PgSide pg) {
        step("streaming: a mixed write load (inserts, updates, deletes, key changes, bulk updates) at about "
                + options.transactionsPerSecond() + " transactions/s for " + Format.duration(options.loadDuration()));
        long start = System.nanoTime();
        try (Connection c = pg.connect()) {
            WriteLoad load = new WriteLoad(c, options.loadDuration(), options.transactionsPerSecond());
            Thread thread = new Thread(load, "doris-cdc-demo-load");
            thread.start();
            while (thread.isAlive()) {
                if (stop.await(TICK)) {
                    load.stop();
                    join(thread);
                    return false;
                }
                List<TableStatus> status = pipeline.status();
                view.update("stream", since(start), status, Format.count(load.transactions()) + " txns written");
                failIfFailed(pipeline, status);
            }
            if (load.failure() != null) {
                throw new CdcException("the write load failed: " + load.failure().getMessage(), load.failure());
            }
            long rows = pipeline.status().stream().mapToLong(TableStatus::rowsDelivered).sum();
            view.println(String.format(Locale.ROOT, "%s load stopped: %s transactions, %s statements written in %s; %s row changes delivered so far",
                    stamp(), Format.count(load.transactions()), Format.count(load.statements()), Format.duration(since(start)), Format.count(rows)));
            return true;
        } catch (SQLException e) {
            throw new CdcException("the write load could not run: " + e.getMessage(), e);
        }
    }

    private boolean catchUp(Pipeline pipeline, PgSide pg) throws SQLException {
        Lsn target;
        // the insert position, not pg_current_wal_lsn(): with synchronous_commit off the write position can be
        // behind the last commit, and waiting for it would compare before the last transactions arrived
        try (Connection c = pg.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            target = Lsn.parse(rs.getString(1));
        }
        long start = System.nanoTime();
        while (pipeline.acknowledgedLsn().compareTo(target) < 0) {
            List<TableStatus> status = pipeline.status();
            failIfFailed(pipeline, status);
            view.update("catch-up", since(start), status, "acknowledged " + pipeline.acknowledgedLsn() + " of " + target);
            if (since(start).compareTo(CATCH_UP_TIMEOUT) > 0) {
                throw new CdcException("the pipeline did not acknowledge " + target + " within " + CATCH_UP_TIMEOUT
                        + " (acknowledged " + pipeline.acknowledgedLsn() + "); status: " + status);
            }
            if (stop.await(Duration.ofMillis(200))) {
                return false;
            }
        }
        view.println(String.format(Locale.ROOT, "%s caught up: PostgreSQL's WAL position %s is acknowledged (everything before it is committed in Doris), lag 0, in %s",
                stamp(), target, Format.duration(since(start))));
        return true;
    }

    private int verify(PgSide pg, DorisSide doris) throws SQLException {
        step("verification: row counts and checksums of every column, PostgreSQL vs " + (doris.isEmulator() ? "the Doris emulator" : "Doris"));
        List<TableComparison> result;
        try (Connection c = pg.connect()) {
            result = Verifier.compare(c, DemoSchema.ROUTES, doris.reader());
        }
        String fmt = "    %-30s %12s  %-16s   %12s  %-16s  %s%n";
        out.printf(Locale.ROOT, fmt, "table", "PG rows", "PG checksum", "Doris rows", "Doris checksum", "");
        for (TableComparison t : result) {
            out.printf(Locale.ROOT, fmt, t.route().source(), Format.count(t.pgRows()), t.pgChecksum(), Format.count(t.dorisRows()),
                    t.dorisChecksum(), t.equal() ? "EQUAL" : "DIFFERENT");
            t.differences().forEach(d -> out.println("      " + d));
        }
        boolean equal = result.stream().allMatch(TableComparison::equal);
        out.println(equal ? "RESULT: EQUAL - all " + result.size() + " tables are identical in PostgreSQL and Doris ("
                + Format.duration(since(started)) + " in all)"
                : "RESULT: DIFFERENT - some tables differ between PostgreSQL and Doris (see above)");
        out.flush();
        return equal ? ExitCodes.OK : ExitCodes.NOT_EQUAL;
    }

    private void keepRunning(Pipeline pipeline, PgSide pg) {
        step("still running: write to the tables in schema " + DemoSchema.SCHEMA + " and watch them arrive; Ctrl-C stops"
                + (pg.psql().isEmpty() ? "" : "\n    connect with: " + pg.psql()));
        long start = System.nanoTime();
        while (!stop.await(TICK)) {
            List<TableStatus> status = pipeline.status();
            view.update("running", since(start), status, "");
            failIfFailed(pipeline, status);
        }
    }

    private int interruptedOr(Pipeline pipeline) {
        view.println(stamp() + " interrupted: stopping the pipeline (delivering and acknowledging what was read)");
        return ExitCodes.INTERRUPTED;
    }

    private static void failIfFailed(Pipeline pipeline, List<TableStatus> status) {
        if (pipeline.failure().isPresent()) {
            throw new CdcException("the pipeline failed: " + pipeline.failure().get().getMessage(), pipeline.failure().get());
        }
        for (TableStatus s : status) {
            if (s.state() == TableState.FAILED) {
                throw new CdcException("table " + s.route().source() + " failed: " + s.lastError());
            }
        }
    }

    private static long count(Connection c, TableRoute r) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + r.source().toSql())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void step(String line) {
        view.println(stamp() + " " + line);
    }

    private void say(String line) {
        view.println(line);
    }

    private String stamp() {
        return String.format(Locale.ROOT, "[%6.1fs]", since(started).toMillis() / 1000.0);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
