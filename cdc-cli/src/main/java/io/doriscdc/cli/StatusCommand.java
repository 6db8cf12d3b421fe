package io.doriscdc.cli;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.cli.config.CliConfig;
import io.doriscdc.cli.progress.Format;
import io.doriscdc.runtime.SlotFailover;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code doris-cdc status --config FILE [--pipeline NAME]}: the status table each running pipeline
 * of the file keeps in {@code doris_cdc.status}, one section per pipeline.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the state, lag and rows of each table of a running pipeline.", "",
                "Columns: table, state, lag bytes, time lag, rows delivered, last error.",
                "Read from the view doris_cdc.status in PostgreSQL, which a running pipeline refreshes every few seconds.",
                "Above the tables, the pipeline's instances (doris_cdc.instances): the ACTIVE one and those in STANDBY.",
                "The last line says whether the slot is a failover slot (PostgreSQL 17+), which a promoted standby keeps.",
                "A file with pipelines: shows one such section per pipeline (or those given with --pipeline).",
                "Exit code 0 when every pipeline shown has reported, 3 when one never has or PostgreSQL cannot be reached."})
final class StatusCommand implements Callable<Integer> {

    private static final String QUERY = "SELECT \"table\", status, lag_bytes, extract(epoch FROM time_lag), \"rows\", last_error, updated_at, "
            + "snapshot_rows, snapshot_rows_estimated, doris_table FROM doris_cdc.status WHERE pipeline = ? ORDER BY \"table\"";

    @Mixin
    ConfigOption config;

    @Option(names = "--stale-after", defaultValue = "1m", paramLabel = "DURATION",
            description = "Marks the status as stale when not refreshed for this long (default ${DEFAULT-VALUE}).")
    String staleAfter;

    @Spec
    CommandSpec spec;

    private static final String INSTANCES = "SELECT instance, state, extract(epoch FROM now() - since), extract(epoch FROM now() - seen_at), detail"
            + " FROM doris_cdc.instances WHERE pipeline = ? ORDER BY state = 'ACTIVE' DESC, instance";

    record Instance(String instance, String state, double sinceSeconds, double seenSeconds, String detail) {
    }

    record Row(String table, String doris, String state, long lagBytes, double timeLagSeconds, long rows, String lastError,
               OffsetDateTime updatedAt, Long snapshotRows, Long snapshotEstimate) {
    }

    @Override
    public Integer call() {
        List<CliConfig> cfgs = config.readAll().pipelines();
        CliConfig first = cfgs.get(0); // postgres.* is shared by the pipelines of a file
        PrintWriter out = spec.commandLine().getOut();
        Duration stale = io.doriscdc.cli.config.Units.duration(staleAfter);
        int code = ExitCodes.OK;
        try (Connection c = PgConnections.open(first.postgresUrl(), first.postgresUser(), first.postgresPassword(), first.postgresProperties())) {
            for (int i = 0; i < cfgs.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                if (show(c, cfgs.get(i), out, stale) != ExitCodes.OK) {
                    code = ExitCodes.FAILED;
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                throw new CdcException("no doris_cdc.status in " + io.doriscdc.runtime.Redaction.url(first.postgresUrl()) + ": no pipeline has run against this database yet "
                        + "(start one with doris-cdc run --config " + config.file + ")", e);
            }
            throw new CdcException("cannot read doris_cdc.status: " + e.getMessage(), e);
        }
        return code;
    }

    /** One pipeline's instances, tables and slot; FAILED when it has not reported. */
    private int show(Connection c, CliConfig cfg, PrintWriter out, Duration stale) throws SQLException {
        List<Row> rows = new ArrayList<>();
        List<Instance> instances = new ArrayList<>(instances(c, cfg.slot()));
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, cfg.slot());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(10), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class), (Long) rs.getObject(8), (Long) rs.getObject(9)));
                }
            }
        }
        String slot = slotFailover(c, cfg);
        printInstances(out, instances, stale);
        if (rows.isEmpty()) {
            spec.commandLine().getErr().println("pipeline " + cfg.name() + " (slot " + cfg.slot() + ") has not reported any status yet: is it running?");
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
        print(out, cfg.slot(), rows, stale);
        out.println(slot);
        out.flush();
        return ExitCodes.OK;
    }

    /** The pipeline's instances, or none where doris_cdc predates high availability. */
    private static List<Instance> instances(Connection c, String pipeline) throws SQLException {
        List<Instance> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('doris_cdc.instances') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return out;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSTANCES)) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Instance(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** One line per instance: its state (GONE? when it has not reported for {@code staleAfter}), since when, and why. */
    static void printInstances(PrintWriter out, List<Instance> instances, Duration staleAfter) {
        if (instances.isEmpty()) {
            return;
        }
        String fmt = "%-40s %-9s %10s %10s  %s%n";
        out.printf(Locale.ROOT, fmt, "INSTANCE", "STATE", "SINCE", "SEEN", "DETAIL");
        for (Instance i : instances) {
            boolean gone = i.seenSeconds() > staleAfter.toSeconds();
            out.printf(Locale.ROOT, fmt, i.instance(), gone ? "GONE?" : i.state(), Format.duration(Duration.ofMillis((long) (i.sinceSeconds() * 1000))),
                    Format.duration(Duration.ofMillis((long) (i.seenSeconds() * 1000))) + " ago",
                    (gone ? "last reported " + i.state() + ": " : "") + (i.detail() == null ? "-" : i.detail()));
        }
        out.println();
        out.flush();
    }

    /** The slot's line: whether a failover to a standby keeps it, with what to do when not. */
    private static String slotFailover(Connection c, CliConfig cfg) {
        try {
            return SlotFailover.inspect(c, cfg.slot(), cfg.pipelineConfig(PipelineListener.NONE).failoverSlot()).summary();
        } catch (SQLException e) {
            return "slot " + cfg.slot() + ": cannot read pg_replication_slots: " + e.getMessage();
        }
    }

    static void print(PrintWriter out, String pipeline, List<Row> rows, Duration staleAfter) {
        OffsetDateTime updated = rows.stream().map(Row::updatedAt).max(OffsetDateTime::compareTo).orElseThrow();
        Duration age = Duration.between(updated.toInstant(), java.time.Instant.now());
        out.printf(Locale.ROOT, "pipeline %s, updated %s ago%s%n", pipeline, Format.duration(age.isNegative() ? Duration.ZERO : age),
                age.compareTo(staleAfter) > 0 ? " (STALE: the pipeline is probably not running)" : "");
        String fmt = "%-32s %-26s %-12s %12s %10s %14s  %s%n";
        out.printf(Locale.ROOT, fmt, "TABLE", "DORIS TABLE", "STATE", "LAG", "TIME LAG", "ROWS", "LAST ERROR");
        for (Row r : rows) {
            String state = r.state();
            if (r.snapshotRows() != null && "SNAPSHOTTING".equals(state)) {
                state += " " + (r.snapshotEstimate() == null || r.snapshotEstimate() == 0 ? r.snapshotRows()
                        : Math.min(100, r.snapshotRows() * 100 / r.snapshotEstimate()) + "%");
            }
            out.printf(Locale.ROOT, fmt, r.table(), r.doris(), state, Format.bytes(r.lagBytes()),
                    Format.duration(Duration.ofMillis((long) (r.timeLagSeconds() * 1000))), Format.count(r.rows()),
                    r.lastError() == null ? "-" : r.lastError());
        }
        out.flush();
    }
}
