package io.doriscdc.runtime.internal.slot;

import io.doriscdc.api.ConfigException;
import io.doriscdc.runtime.FailoverSlot;
import io.doriscdc.runtime.SlotFailover;
import io.doriscdc.runtime.SlotFailover.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover slots (PostgreSQL 17+) for {@link FailoverSlot}: whether a new slot is one, turning it on
 * for an existing slot ({@link FailoverSlot#ON} only: {@code AUTO} leaves an existing slot as its
 * maker made it), and what the server reports of the slot ({@link SlotFailover}), with what to do.
 * Stateless.
 */
public final class FailoverSlots {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSlots.class);
    static final String DOCS = "docs/operations.md#postgresql-failover-failover-slots";

    private FailoverSlots() {
    }

    /**
     * Whether a slot created now is a failover slot.
     *
     * @throws ConfigException for {@link FailoverSlot#ON} on a server before 17
     */
    public static boolean forNewSlot(FailoverSlot mode, int major) {
        return switch (mode) {
            case OFF -> false;
            case AUTO -> major >= SlotCommand.FAILOVER_SINCE;
            case ON -> {
                if (major < SlotCommand.FAILOVER_SINCE) {
                    throw new ConfigException("replication.failover-slot is true, but PostgreSQL " + major + " has no failover slots (they"
                            + " need PostgreSQL " + SlotCommand.FAILOVER_SINCE + "+): upgrade PostgreSQL, or set replication.failover-slot"
                            + " to auto or false (see " + DOCS + " for what a failover then loses)");
                }
                yield true;
            }
        };
    }

    /**
     * Turns failover on for an existing slot without it, for {@link FailoverSlot#ON} on 17+, when no
     * session holds the slot (the server would wait for it). Does nothing otherwise.
     *
     * @param plain       a plain connection to read {@code pg_replication_slots} with
     * @param replication opens the replication connection the command runs on
     */
    public static void enableIfWanted(Connection plain, ReplicationSlots.Connector replication, String slot, FailoverSlot mode, int major)
            throws SQLException {
        if (mode != FailoverSlot.ON || major < SlotCommand.FAILOVER_SINCE) {
            return;
        }
        try (PreparedStatement ps = plain.prepareStatement("SELECT failover, active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return;
                }
                Object holder = rs.getObject(2);
                if (holder != null) {
                    LOG.warn("replication slot {} is not a failover slot, and process {} holds it, so it is left so: stop that process, or run {}"
                            + " on a replication connection", slot, holder, SlotCommand.enableFailover(slot));
                    return;
                }
            }
        }
        ReplicationSlots.enableFailover(replication.open(), slot);
    }

    /** What the server reports of the slot, with what to do. */
    public static SlotFailover inspect(Connection c, String slot, FailoverSlot mode) throws SQLException {
        int major;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            major = rs.getInt(1);
        }
        String column = major >= SlotCommand.FAILOVER_SINCE ? "failover" : "false";
        Boolean failover = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    failover = rs.getBoolean(1);
                }
            }
        }
        if (failover == null) {
            return new SlotFailover(slot, State.MISSING, "PostgreSQL has no slot " + slot + ": the pipeline creates it at start; a pipeline that"
                    + " ran before and finds it gone (a failover to a standby without it) starts from a new slot and misses what"
                    + " changed in between: see " + DOCS);
        }
        if (major < SlotCommand.FAILOVER_SINCE) {
            return new SlotFailover(slot, State.UNSUPPORTED, "PostgreSQL " + major + " has no failover slots (17+): a promoted standby will"
                    + " not have slot " + slot + "; after a failover, copy the tables again as " + DOCS + " says");
        }
        if (!failover) {
            return mode == FailoverSlot.OFF
                    ? new SlotFailover(slot, State.DISABLED, "replication.failover-slot is false: a promoted standby will not have slot " + slot)
                    : new SlotFailover(slot, State.NOT_FAILOVER, "slot " + slot + " was made without failover, so a promoted standby will not have it:"
                            + " run " + SlotCommand.enableFailover(slot) + " on a replication connection (psql \"dbname=... replication=database\"),"
                            + " or set replication.failover-slot: true, which does it at start; see " + DOCS);
        }
        if (!hasPhysicalSlots(c)) {
            // nothing to guard: no standby streams through a slot, so none can be promoted with the slot
            return new SlotFailover(slot, State.FAILOVER, "no standby streams from this server through a physical slot, so none keeps a copy"
                    + " of the slot yet (see " + DOCS + ")");
        }
        List<String> unguarded = unguardedStandbys(c);
        if (unguarded.isEmpty()) {
            return new SlotFailover(slot, State.FAILOVER, "");
        }
        return new SlotFailover(slot, State.FAILOVER_UNGUARDED, String.join("; ", unguarded));
    }

    private static boolean hasPhysicalSlots(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'physical'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** What is wrong with {@code synchronized_standby_slots}, one sentence each; empty when it names streaming standbys only. */
    private static List<String> unguardedStandbys(Connection c) throws SQLException {
        String setting;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('synchronized_standby_slots')")) {
            rs.next();
            setting = rs.getString(1);
        }
        List<String> out = new ArrayList<>();
        List<String> names = names(setting);
        if (names.isEmpty()) {
            out.add("synchronized_standby_slots is empty, so Doris may receive changes that no standby has yet: a failover loses them in"
                    + " PostgreSQL but not in Doris; set it to the physical slots of the standbys that may be promoted (see " + DOCS + ")");
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT slot_type, active FROM pg_replication_slots WHERE slot_name = ?")) {
            for (String name : names) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !"physical".equals(rs.getString(1))) {
                        out.add("synchronized_standby_slots names " + name + ", which is not a physical slot here: PostgreSQL holds every change"
                                + " of the slot back until it is; create it or remove it from the setting");
                    } else if (!rs.getBoolean(2)) {
                        out.add("the standby of physical slot " + name + " (synchronized_standby_slots) is not streaming: the slot's changes wait for it");
                    }
                }
            }
        }
        return out;
    }

    /** The slot names of a {@code synchronized_standby_slots} value ({@code a, "b"}). */
    static List<String> names(String setting) {
        List<String> out = new ArrayList<>();
        if (setting == null) {
            return out;
        }
        for (String part : setting.split(",")) {
            String name = part.trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
            }
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Says that the slot of a pipeline that ran against this database before is gone (a failover to
     * a standby that did not have it, or a dropped slot), and what the new slot misses.
     */
    public static void warnLost(String slot, boolean initialSnapshot) {
        if (initialSnapshot) {
            LOG.warn("replication slot {} is gone, though pipeline {} ran against this database before (doris_cdc.status has its tables): a failover to a"
                    + " standby that did not have it, or a dropped slot. A new slot is created and every mapped table copied again; rows"
                    + " deleted meanwhile, and changes the old server had but this one lacks, stay in Doris: for an exact copy, stop the"
                    + " pipeline, truncate the Doris tables and start it again (see {})", slot, slot, DOCS);
        } else {
            LOG.warn("replication slot {} is gone, though pipeline {} ran against this database before (doris_cdc.status has its tables): a failover to a"
                    + " standby that did not have it, or a dropped slot. A new slot is created without a copy (snapshot.initial: false), so"
                    + " Doris misses the changes made between the old slot's position and now: copy the tables again (see {})", slot, slot, DOCS);
        }
    }

    /** Logs the report at start: a warning when a failover would lose the slot or Doris could run ahead of the standbys. */
    public static void log(SlotFailover report) {
        switch (report.state()) {
            case FAILOVER -> LOG.info("replication slot {} is a failover slot{}", report.slot(), report.advice().isEmpty()
                    ? ", held back to what the standbys in synchronized_standby_slots confirmed" : ": " + report.advice());
            case FAILOVER_UNGUARDED, NOT_FAILOVER -> LOG.warn("replication slot {}: {}", report.slot(), report.advice());
            default -> LOG.info("replication slot {}: {}", report.slot(), report.advice());
        }
    }
}
