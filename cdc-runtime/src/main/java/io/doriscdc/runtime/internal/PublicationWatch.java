package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TruncatePolicy;
import io.doriscdc.runtime.internal.control.ControlPlane;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks, every {@link #PERIOD_MS} ms on the runner's scheduler, for what PostgreSQL lets an operator
 * change under a running pipeline that makes Doris silently diverge (issue 23 #12, #13, #15, #17):
 * a row filter or a column list added to the publication for a mapped table (PostgreSQL 15+), an
 * operation the publication no longer publishes, a mapped table (or a leaf of a mapped partitioned
 * table) made UNLOGGED, and {@code doris_cdc.commands} taken out of the publication.
 *
 * <p>An affected table stops FAILED ({@link Tables#fail}), holding the slot at the worker's position
 * when it is found. Detection is periodic: changes filtered out or never written to WAL before it
 * cannot be recovered from the slot, so each error says to copy the table again after the fix.
 */
final class PublicationWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationWatch.class);
    static final long PERIOD_MS = 5_000;

    private final PipelineConfig config;
    private final Tables tables;
    private boolean commandsReported;

    PublicationWatch(PipelineConfig config, Tables tables) {
        this.config = config;
        this.tables = tables;
    }

    @Override
    public void run() {
        try (Connection c = PipelineRunner.connect(config, false)) {
            check(c);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("pipeline {}: cannot check publication {}: {}", config.slotName(), config.publicationName(), e.getMessage());
        }
    }

    void check(Connection c) throws SQLException {
        Boolean allTables = operations(c);
        if (allTables == null) {
            return; // no such publication: the stream itself fails and says so
        }
        if (!config.acceptPublicationSubsets() && new PgSetup(c).majorVersion() >= 15) {
            subsets(c);
        }
        unlogged(c);
        if (config.sqlControlPlane()) {
            commands(c);
        }
    }

    private String pub() {
        return Identifiers.quotePg(config.publicationName());
    }

    private String resync(TableId t) {
        return "restart the pipeline, then copy " + t + " again (doris-cdc sync --table " + t + ", or SELECT doris_cdc.sync_table('" + t
                + "')): its changes from the moment of the change until it was found (checked every " + PERIOD_MS / 1000
                + " s) are not in the slot";
    }

    /** #13: the operations the publication publishes; returns puballtables, or null when there is no such publication. */
    private Boolean operations(Connection c) throws SQLException {
        List<String> off = new ArrayList<>();
        boolean allTables;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pubinsert, pubupdate, pubdelete, pubtruncate, puballtables FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, config.publicationName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String[] names = {"insert", "update", "delete", "truncate"};
                for (int i = 0; i < names.length; i++) {
                    if (!rs.getBoolean(i + 1) && !(i == 3 && config.truncatePolicy() == TruncatePolicy.IGNORE)) {
                        off.add(names[i]);
                    }
                }
                allTables = rs.getBoolean(5);
            }
        }
        if (!off.isEmpty()) {
            for (TableId t : mapped()) {
                tables.fail(t, "publication " + config.publicationName() + " no longer publishes " + String.join(", ", off)
                        + " (publish = ... was changed while the pipeline ran): those changes of " + t + " never reach Doris, which would keep"
                        + " rows PostgreSQL no longer has, so " + t + " is stopped here (the slot is held). Run ALTER PUBLICATION " + pub()
                        + " SET (publish = 'insert, update, delete, truncate'), " + resync(t));
            }
        }
        return allTables;
    }

    /** #12: a row filter or a column list on a mapped table, or on a leaf of a mapped partitioned table. */
    private void subsets(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rn.nspname, rc.relname, n.nspname, cl.relname, pr.prattrs IS NOT NULL,"
                + " pg_get_expr(pr.prqual, pr.prrelid) FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " JOIN pg_class cl ON cl.oid = pr.prrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " JOIN pg_class rc ON rc.oid = COALESCE(pg_partition_root(cl.oid), cl.oid) JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                + " WHERE p.pubname = ? AND (pr.prattrs IS NOT NULL OR pr.prqual IS NOT NULL)")) {
            ps.setString(1, config.publicationName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId root = TableId.of(rs.getString(1), rs.getString(2));
                    TableId member = TableId.of(rs.getString(3), rs.getString(4));
                    if (!tables.contains(root)) {
                        continue;
                    }
                    String what = (rs.getBoolean(5) ? "a column list" : "") + (rs.getBoolean(5) && rs.getString(6) != null ? " and " : "")
                            + (rs.getString(6) != null ? "a row filter WHERE " + rs.getString(6) : "");
                    tables.fail(root, "publication " + config.publicationName() + " now publishes " + member + " with " + what
                            + " (ALTER PUBLICATION ... SET TABLE or ADD TABLE while the pipeline ran): Doris would receive a subset of " + root
                            + " (columns left out as NULL, rows outside the filter never), so it is stopped here (the slot is held). Publish"
                            + " the whole table (ALTER PUBLICATION " + pub() + " SET TABLE ... listing " + member.toSql()
                            + " without a column list or WHERE), or accept subsets (replication.accept-publication-subsets: true); then "
                            + resync(root));
                }
            }
        }
    }

    /** #15: an UNLOGGED mapped table or leaf: its changes are not written to WAL, so they never reach the slot. */
    private void unlogged(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rn.nspname, rc.relname, n.nspname, cl.relname FROM pg_class cl"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " JOIN pg_class rc ON rc.oid = COALESCE(pg_partition_root(cl.oid), cl.oid) JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                + " WHERE cl.relpersistence = 'u' AND cl.relkind IN ('r', 'p')")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId root = TableId.of(rs.getString(1), rs.getString(2));
                    TableId table = TableId.of(rs.getString(3), rs.getString(4));
                    if (tables.contains(root)) {
                        tables.fail(root, table + (table.equals(root) ? "" : ", a partition of " + root) + " is UNLOGGED (ALTER TABLE ... SET"
                                + " UNLOGGED while the pipeline ran): its changes are not written to WAL and never reach Doris, so " + root
                                + " is stopped here (the slot is held). Run ALTER TABLE " + table.toSql() + " SET LOGGED, " + resync(root));
                    }
                }
            }
        }
    }

    /** #17: {@code doris_cdc.commands} out of the publication: put back when the pipeline user may, else reported. */
    private void commands(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?")) {
            ps.setString(1, config.publicationName());
            ps.setString(2, ControlPlane.COMMANDS.schema());
            ps.setString(3, ControlPlane.COMMANDS.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    commandsReported = false;
                    return;
                }
            }
        }
        String lost = ControlPlane.COMMANDS + " was taken out of publication " + config.publicationName()
                + " (an ALTER PUBLICATION ... SET TABLE that did not list it?), so SQL control commands (doris_cdc.add_table, remove_table,"
                + " sync_table) did not reach pipeline " + config.slotName();
        try {
            new PgSetup(c).ensurePublication(config.publicationName(), List.of(ControlPlane.COMMANDS));
            LOG.warn("{}; it is added back: commands issued while it was out are not in the stream, issue them again", lost);
        } catch (SQLException | ConfigException e) {
            String error = lost + ", and the pipeline user cannot add it back (" + e.getMessage() + "); as the publication's owner run:"
                    + " ALTER PUBLICATION " + pub() + " ADD TABLE " + ControlPlane.COMMANDS.toSql()
                    + ", then issue again the commands issued since";
            tables.refused(ControlPlane.COMMANDS, error);
            if (!commandsReported) {
                LOG.error(error);
                commandsReported = true;
            }
        }
    }

    private Set<TableId> mapped() {
        return tables.routes().stream().map(r -> r.source()).collect(Collectors.toSet());
    }
}
