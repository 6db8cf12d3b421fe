package io.doriscdc.emulator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An emulated Unique Key merge-on-write table (§4): rows by key, each with its sequence value and
 * delete sign. A row replaces the stored one unless its sequence is lower (equal: the later load
 * wins); a delete is stored as a tombstone, so it too only applies when its sequence is ≥ the
 * stored one. Reads filter delete-signed rows.
 *
 * <p>Thread-safe: every method locks the table.
 */
final class Table {
    private final TreeMap<List<Object>, Stored> rows = new TreeMap<>(KeyComparator.INSTANCE);
    private TableSchema schema;

    private final List<AlterJob> alterJobs = new java.util.ArrayList<>();
    /** The schema a running MODIFY job makes, or null: the table reads with the old one until the job finishes. */
    private TableSchema pending;

    /** A MODIFY COLUMN job: FINISHED once {@code finishNanos} passed. */
    private record AlterJob(long id, String table, long finishNanos) {
        Map<String, Object> row(long now) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("JobId", String.valueOf(id));
            job.put("TableName", table);
            job.put("State", now - finishNanos >= 0 ? "FINISHED" : "RUNNING");
            job.put("Msg", "");
            job.put("Progress", "N/A");
            return java.util.Collections.unmodifiableMap(job);
        }
    }

    private record Stored(Map<String, Object> values, Object sequence, boolean deleted) {
    }

    private static final java.util.concurrent.atomic.AtomicLong TABLET_IDS = new java.util.concurrent.atomic.AtomicLong(10_000);
    private final TabletVersions versions = new TabletVersions(TABLET_IDS.incrementAndGet());

    Table(TableSchema schema) {
        this.schema = schema;
    }

    /** The version count of the table's tablet (not under the table's lock: it has its own). */
    TabletVersions versions() {
        return versions;
    }

    synchronized TableSchema schema() {
        settle();
        return schema;
    }

    synchronized void alter(TableSchema newSchema, List<String> droppedColumns) {
        alter(newSchema, droppedColumns, Map.of(), false, 0);
    }

    /**
     * A schema change: dropped columns' values go, renamed ones move. A MODIFY is a job listed in
     * {@code SHOW ALTER TABLE COLUMN}: RUNNING for {@code jobMillis}, during which the table keeps its
     * old schema (its base index, as {@code DESC} shows it) and refuses another ALTER, then FINISHED.
     */
    synchronized void alter(TableSchema newSchema, List<String> droppedColumns, Map<String, String> renamed, boolean modifyJob,
                            long jobMillis) {
        requireNormal();
        for (Stored s : rows.values()) {
            droppedColumns.forEach(s.values()::remove);
            renamed.forEach((from, to) -> {
                if (s.values().containsKey(from)) {
                    s.values().put(to, s.values().remove(from));
                }
            });
        }
        if (modifyJob) {
            alterJobs.add(new AlterJob(10_000 + alterJobs.size(), newSchema.name(), System.nanoTime() + jobMillis * 1_000_000L));
        }
        if (modifyJob && jobMillis > 0) {
            pending = newSchema;
        } else {
            this.schema = newSchema;
        }
    }

    /**
     * Fails as Doris does while a schema change job of the table runs (fe OlapTable: "Table[t]'s
     * state(SCHEMA_CHANGE) is not NORMAL. Do not allow doing ALTER ops"; one job per table at a time).
     */
    synchronized void requireNormal() {
        settle();
        if (pending != null) {
            throw new SqlException("Table[" + schema.name() + "]'s state(SCHEMA_CHANGE) is not NORMAL. Do not allow doing ALTER ops");
        }
    }

    private void settle() {
        if (pending != null && !alterJobs.isEmpty() && System.nanoTime() - alterJobs.get(alterJobs.size() - 1).finishNanos() >= 0) {
            schema = pending;
            pending = null;
        }
    }

    /** The table's MODIFY COLUMN jobs, as {@code SHOW ALTER TABLE COLUMN} lists them. */
    synchronized List<Map<String, Object>> alterJobs() {
        settle();
        long now = System.nanoTime();
        return alterJobs.stream().map(j -> j.row(now)).toList();
    }

    synchronized void truncate() {
        rows.clear();
    }

    /** Merges rows in order, as one published rowset. */
    synchronized void apply(List<RowOp> ops) {
        for (RowOp op : ops) {
            rows.compute(op.key(), (key, existing) -> merged(op, existing));
        }
    }

    /** What is stored for the key after {@code op}: {@code existing} again when the op's sequence is lower. */
    private Stored merged(RowOp op, Stored existing) {
        Object seq = op.sequence();
        if (schema.hasSequence()) {
            if (seq == null && op.updatedColumns() != null && existing != null) {
                seq = existing.sequence();
            }
            if (existing != null && KeyComparator.compareValues(seq, existing.sequence()) < 0) {
                return existing;
            }
        }
        Map<String, Object> values;
        if (op.updatedColumns() == null) {
            // a full row's own HashMap (RowConverter makes one per row) becomes the stored row; another map is copied
            values = op.values() instanceof HashMap<String, Object> own ? own : new HashMap<>(op.values());
        } else if (existing == null || existing.deleted()) {
            values = new HashMap<>(op.values());
        } else {
            values = new HashMap<>(existing.values());
            for (String c : op.updatedColumns()) {
                values.put(c, op.values().get(c));
            }
        }
        if (op.updatedColumns() != null && (existing == null || existing.deleted())) {
            for (Column c : schema.columns()) {
                if (!op.updatedColumns().contains(c.name()) && !c.key()) {
                    values.put(c.name(), c.missingValue());
                }
            }
        }
        return new Stored(values, seq, op.delete());
    }

    /** Visible rows in key order, current columns only, hidden columns never. */
    synchronized List<Map<String, Object>> visibleRows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Stored s : rows.values()) {
            if (!s.deleted()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Column c : schema.columns()) {
                    row.put(c.name(), s.values().containsKey(c.name()) ? s.values().get(c.name()) : c.missingValue());
                }
                out.add(java.util.Collections.unmodifiableMap(row));
            }
        }
        return out;
    }

    synchronized long visibleCount() {
        return rows.values().stream().filter(s -> !s.deleted()).count();
    }

    /** Whether a stored row (visible or tombstone) exists for the key; used by partial updates with new-key ERROR. */
    synchronized boolean hasVisible(List<Object> key) {
        Stored s = rows.get(key);
        return s != null && !s.deleted();
    }
}
