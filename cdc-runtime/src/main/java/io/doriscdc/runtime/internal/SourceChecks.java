package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.TruncatePolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-time refusals of a source whose changes would not all reach the stream, each naming what
 * to run (issue 23): an UNLOGGED mapped table or partition, a publication that leaves out an
 * operation, a reused slot with two-phase decoding; {@link #atStart} adds the source's identity
 * ({@link SourceIdentity}). Runs on a plain JDBC connection; not thread-safe.
 */
public final class SourceChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SourceChecks.class);

    private final Connection c;

    public SourceChecks(Connection connection) {
        this.c = connection;
    }

    /**
     * Every start-time check of the source, before the publication or the slot is touched: UNLOGGED
     * tables, a two-phase slot, a publication that leaves out an operation, and (with the doris_cdc
     * schema installed) another PostgreSQL system than the last start's ({@link SourceIdentity}), whose
     * identity it then records.
     *
     * @throws ConfigException naming what to change
     */
    public static void atStart(Connection c, PipelineConfig config, List<TableRoute> routes, boolean controlSchema,
                               TruncateLog.Connector replication) throws SQLException {
        SourceChecks checks = new SourceChecks(c);
        checks.requireLogged(routes.stream().map(TableRoute::source).toList());
        checks.requireSlotWithoutTwoPhase(config.slotName(), routes);
        checks.requireEveryOperation(config.publicationName(), config.truncatePolicy());
        if (controlSchema) { // before its positions meet the slot, Doris or doris_cdc's records
            Optional<SourceIdentity> identity = SourceIdentity.read(replication, c);
            if (identity.isPresent()) {
                identity.get().verifyAndRecord(c, config.slotName(), routes);
            }
        }
    }

    /**
     * Refuses a mapped table that is UNLOGGED, or has an UNLOGGED partition at any depth: its changes
     * are not written to WAL, so logical decoding never sees them (PostgreSQL's
     * {@code RelationIsLogicallyLogged} is false for a relation that is not {@code RelationNeedsWAL}).
     */
    public void requireLogged(List<TableId> tables) throws SQLException {
        List<String> unlogged = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        // pg_partition_tree lists a partitioned table with every partition at any depth, a plain table not at all
        try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', n.nspname, r.relname), t.level = 0"
                + " FROM (SELECT relid, level FROM pg_partition_tree(?::regclass) UNION SELECT ?::regclass, 0) t"
                + " JOIN pg_class r ON r.oid = t.relid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE r.relpersistence = 'u' ORDER BY t.level, 1")) {
            for (TableId t : tables) {
                ps.setString(1, t.toSql());
                ps.setString(2, t.toSql());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String rel = rs.getString(1);
                        unlogged.add(rs.getBoolean(2) ? t.toString() : rel + " (a partition of " + t + ")");
                        fixes.add("ALTER TABLE " + rel + " SET LOGGED;");
                    }
                }
            }
        }
        if (!unlogged.isEmpty()) {
            throw new ConfigException("UNLOGGED table(s) " + String.join(", ", unlogged) + ": their changes are not written to WAL, so"
                    + " logical replication never sees them and Doris would silently stop matching; make them logged: "
                    + String.join(" ", fixes));
        }
    }

    /**
     * Refuses a publication that does not publish every operation (for example {@code WITH (publish = 'insert')}):
     * the changes it leaves out never reach the stream. TRUNCATE may be left out when the pipeline ignores it
     * ({@link TruncatePolicy#IGNORE}). A publication that does not exist yet is created publishing all of them.
     */
    public void requireEveryOperation(String publication, TruncatePolicy truncatePolicy) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                String[] ops = {"insert", "update", "delete", "truncate"};
                for (int i = 0; i < ops.length; i++) {
                    if (!rs.getBoolean(i + 1)) {
                        missing.add(ops[i]);
                    }
                }
            }
        }
        if (missing.equals(List.of("truncate")) && truncatePolicy == TruncatePolicy.IGNORE) {
            LOG.info("publication {} does not publish TRUNCATE; accepted, since the pipeline ignores TRUNCATE (replication.truncate: ignore)", publication);
            return;
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("publication " + publication + " does not publish " + String.join(", ", missing) + ": those changes of"
                    + " the mapped tables would never reach Doris, which would keep rows PostgreSQL no longer has"
                    + (missing.contains("truncate") ? " (TRUNCATE may be left out only with replication.truncate: ignore)" : "")
                    + "; as the publication's owner run: ALTER PUBLICATION " + Identifiers.quotePg(publication)
                    + " SET (publish = 'insert, update, delete, truncate')");
        }
    }

    /**
     * Refuses an existing slot created with {@code two_phase = true} (PostgreSQL 14+): pgoutput then
     * decodes a prepared transaction at PREPARE TRANSACTION, before it commits or rolls back, so a
     * ROLLBACK PREPARED would leave its rows in Doris. doris-cdc never creates such a slot; a reused
     * one is dropped and made again.
     */
    public void requireSlotWithoutTwoPhase(String slot, List<TableRoute> routes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT two_phase FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return;
                }
            }
        }
        throw new ConfigException("replication slot " + slot + " was created with two_phase = true: PostgreSQL then sends a prepared"
                + " transaction at PREPARE TRANSACTION, before it is committed or rolled back, and a ROLLBACK PREPARED would leave its rows"
                + " in Doris. doris-cdc creates its slot without two-phase decoding: drop this one and let the pipeline create it,"
                + " which copies every table again, as for a lost slot: " + ResyncProcedure.statements(slot, routes, false));
    }
}
