package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.runtime.TableRoute;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL system a pipeline streams from: its system identifier (set by initdb, kept by
 * physical standbys and base backups, new for any other cluster) and its timeline (raised by each
 * promotion). Doris holds versions made of the source's WAL positions; on another system those
 * positions start again, lower, so every later change of an existing key would lose to the old
 * version, and restored {@code doris_cdc.applied_*} rows would skip new changes. Recorded in
 * {@code doris_cdc.source_identity} at each start; a start against another system is refused with
 * the re-sync procedure, a new timeline of the same system (a promotion) is allowed and logged.
 *
 * @param systemIdentifier the unsigned 64-bit identifier, in decimal
 * @param timeline         the server's current timeline
 */
public record SourceIdentity(String systemIdentifier, long timeline) {

    private static final Logger LOG = LoggerFactory.getLogger(SourceIdentity.class);

    /**
     * Reads the identity through {@code IDENTIFY_SYSTEM} on a replication connection, which any
     * replication user may run; else from {@code pg_control_system()} and {@code pg_control_checkpoint()}
     * (executable by PUBLIC by default, revoked by some managed services); empty, with a warning,
     * when neither can be read.
     */
    public static Optional<SourceIdentity> read(TruncateLog.Connector replication, Connection plain) {
        try (Connection c = replication.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            return Optional.of(new SourceIdentity(rs.getString("systemid"), rs.getLong("timeline")));
        } catch (SQLException e) {
            LOG.info("IDENTIFY_SYSTEM failed ({}); reading the source's identity from pg_control_system() instead", e.getMessage());
        }
        try (Statement st = plain.createStatement();
             ResultSet rs = st.executeQuery("SELECT s.system_identifier, k.timeline_id FROM pg_control_system() s, pg_control_checkpoint() k")) {
            rs.next();
            return Optional.of(new SourceIdentity(Long.toUnsignedString(rs.getLong(1)), rs.getLong(2)));
        } catch (SQLException e) {
            LOG.warn("cannot read the source's system identifier ({}): a move of the database to another PostgreSQL cluster, whose WAL"
                    + " positions start again, will not be detected; grant the pipeline user EXECUTE on pg_control_system() and"
                    + " pg_control_checkpoint(), or the REPLICATION attribute", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Compares this identity with the one recorded for {@code pipeline}, refuses another system, and
     * records this one.
     *
     * @throws ConfigException when the pipeline last started against another system
     */
    public void verifyAndRecord(Connection c, String pipeline, List<TableRoute> routes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT system_identifier, timeline FROM doris_cdc.source_identity WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String recorded = rs.getString(1);
                    long recordedTimeline = rs.getLong(2);
                    if (!recorded.equals(systemIdentifier)) {
                        throw new ConfigException("pipeline " + pipeline + " last streamed from PostgreSQL system " + recorded + " (doris_cdc.source_identity),"
                                + " but this server is system " + systemIdentifier + ": the database moved to another cluster (a dump and restore,"
                                + " an upgrade through logical replication, a new server), whose WAL positions start again. Doris holds versions of"
                                + " the old positions, which would win over every later change of the same key, and doris_cdc's records of applied"
                                + " changes (restored with the database) would skip new ones. Re-sync Doris: "
                                + ResyncProcedure.statements(pipeline, routes, true));
                    }
                    if (recordedTimeline != timeline) {
                        LOG.info("pipeline {}: PostgreSQL system {} is on timeline {} now, {} at the last start: a standby was promoted; same"
                                + " system, so its positions continue", pipeline, systemIdentifier, timeline, recordedTimeline);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.source_identity (pipeline, system_identifier, timeline) VALUES (?, ?, ?)"
                + " ON CONFLICT (pipeline) DO UPDATE SET system_identifier = EXCLUDED.system_identifier, timeline = EXCLUDED.timeline,"
                + " recorded_at = now()")) {
            ps.setString(1, pipeline);
            ps.setString(2, systemIdentifier);
            ps.setLong(3, timeline);
            ps.executeUpdate();
        }
    }
}
