package io.doriscdc.pgoutput.golden;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import io.doriscdc.pgoutput.DeleteMessage;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.PgOutputSession;
import io.doriscdc.pgoutput.PgTypes;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.StreamAbortMessage;
import io.doriscdc.pgoutput.StreamStopMessage;
import io.doriscdc.pgoutput.TruncateMessage;
import io.doriscdc.pgoutput.TypeMessage;
import io.doriscdc.pgoutput.UpdateMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes a {@link GoldenSet} in both modes and compares every value of the {@code v_*} tables with
 * the SQL reading, exactly; cross-checks text-mode and binary-mode {@code getObject}; and collects
 * what the behavioural messages showed (old keys, unchanged TOAST, stream xids...).
 */
final class GoldenVerifier {
    private GoldenVerifier() {
    }

    /** What a verification saw. */
    record Report(Set<Character> messageTypes, int valuesCompared, int binaryUnreadable, int objectsCrossChecked,
            int updatesWithOldKey, int updatesWithOldRow, int deletesWithKey, int deletesWithOldRow,
            int unchangedToastValues, Set<Integer> truncateFlags, int streamedMessagesWithXid,
            int streamAbortsWithInfo, int streamAbortsWithoutInfo) {
    }

    static Report verify(GoldenSet set) {
        List<String> failures = new ArrayList<>();
        Map<String, Object> textObjects = new HashMap<>();
        Set<Character> types = new TreeSet<>();
        int[] counts = new int[11];
        Set<Integer> truncFlags = new TreeSet<>();
        for (boolean binary : new boolean[] {false, true}) {
            List<GoldenSet.Captured> msgs = binary ? set.binary() : set.text();
            PgOutputSession session = new PgOutputSession();
            RelationCache cache = new RelationCache();
            for (String oid : set.info().getOrDefault("enum_oids", "").split(",")) {
                if (!oid.isBlank()) {
                    cache.declareEnum(Integer.parseInt(oid.trim()));
                }
            }
            for (GoldenSet.Captured c : msgs) {
                Lsn lsn = Lsn.parse(c.lsn());
                boolean inBlock = session.inStreamBlock();
                PgOutputMessage m = session.next(ByteBuffer.wrap(c.data()), lsn);
                types.add(m.type());
                if (inBlock && !(m instanceof StreamStopMessage) && xidOf(m) != PgOutputMessage.NO_XID) {
                    counts[7]++;
                }
                if (m instanceof RelationMessage r) {
                    cache.apply(r);
                } else if (m instanceof TypeMessage t) {
                    cache.apply(t);
                } else if (m instanceof InsertMessage ins) {
                    TableSchema schema = cache.schema(ins.relationId());
                    Row row = ins.newTuple().row(schema);
                    if (set.sql().containsKey(schema.id().name())) {
                        compare(set, schema, row, binary, failures, textObjects, counts);
                    }
                    readAll(row);
                } else if (m instanceof UpdateMessage u) {
                    TableSchema schema = cache.schema(u.relationId());
                    counts[2] += u.oldKey() != null ? 1 : 0;
                    counts[3] += u.oldRow() != null ? 1 : 0;
                    Row row = u.newTuple().row(schema);
                    for (int i = 0; i < row.columnCount(); i++) {
                        counts[6] += row.isUnchangedToast(i) ? 1 : 0;
                    }
                    readAll(row);
                    if (u.oldTuple() != null) {
                        readAll(u.oldTuple().row(schema));
                    }
                } else if (m instanceof DeleteMessage d) {
                    counts[4] += d.oldKey() != null ? 1 : 0;
                    counts[5] += d.oldRow() != null ? 1 : 0;
                    readAll(d.oldTuple().row(cache.schema(d.relationId())));
                } else if (m instanceof TruncateMessage t) {
                    truncFlags.add(t.flags());
                } else if (m instanceof StreamAbortMessage a) {
                    counts[a.hasAbortInfo() ? 8 : 9]++;
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " golden mismatches (PostgreSQL " + set.info().get("server_version")
                    + "):\n  " + String.join("\n  ", failures));
        }
        return new Report(types, counts[0], counts[1], counts[10], counts[2], counts[3], counts[4], counts[5], counts[6],
                truncFlags, counts[7], counts[8], counts[9]);
    }

    private static int xidOf(PgOutputMessage m) {
        if (m instanceof InsertMessage i) {
            return i.xid();
        } else if (m instanceof UpdateMessage u) {
            return u.xid();
        } else if (m instanceof DeleteMessage d) {
            return d.xid();
        } else if (m instanceof RelationMessage r) {
            return r.xid();
        } else if (m instanceof TypeMessage t) {
            return t.xid();
        } else if (m instanceof TruncateMessage t) {
            return t.xid();
        } else if (m instanceof io.doriscdc.pgoutput.LogicalMessage l) {
            return l.xid();
        }
        return PgOutputMessage.NO_XID;
    }

    /** Every getter that applies must either work or throw DecodeException. */
    private static void readAll(Row row) {
        for (int i = 0; i < row.columnCount(); i++) {
            if (row.state(i) != ValueState.PRESENT) {
                continue;
            }
            try {
                row.getString(i);
                row.getObject(i);
            } catch (DecodeException expectedForUnreadableBinary) {
                // checked in compare() for the value tables
            }
        }
    }

    private static void compare(GoldenSet set, TableSchema schema, Row row, boolean binary, List<String> failures,
            Map<String, Object> textObjects, int[] counts) {
        String table = schema.id().name();
        int id = (int) row.getLong(0);
        Map<String, String> expectedRow = set.sql().get(table).get(id);
        if (expectedRow == null) {
            failures.add(table + " id " + id + ": no SQL reading");
            return;
        }
        for (int i = 1; i < row.columnCount(); i++) {
            String col = schema.column(i).name();
            String where = (binary ? "binary " : "text ") + table + "." + col + " id " + id + " (" + schema.column(i).type() + ")";
            String expected = expectedRow.get(col);
            if (expected == null) {
                if (!row.isNull(i)) {
                    failures.add(where + ": expected NULL, state " + row.state(i));
                }
                continue;
            }
            if (row.state(i) != ValueState.PRESENT) {
                failures.add(where + ": expected '" + expected + "', state " + row.state(i));
                continue;
            }
            counts[0]++;
            if (binary && !PgTypes.binaryReadable(schema.column(i).type())) {
                counts[1]++;
                try {
                    String got = row.getString(i);
                    failures.add(where + ": unreadable binary type rendered as '" + got + "'");
                } catch (DecodeException e) {
                    if (!e.getMessage().contains("binary=false")) {
                        failures.add(where + ": unhelpful error " + e.getMessage());
                    }
                }
                continue;
            }
            try {
                String got = row.getString(i);
                if (!expected.equals(got)) {
                    failures.add(where + ": expected '" + expected + "' but decoded '" + got + "'");
                }
                if (row.hasUtf8Text(i)) {
                    String raw = new String(row.array(), row.textOffset(i), row.textLength(i), java.nio.charset.StandardCharsets.UTF_8);
                    if (!expected.equals(raw)) {
                        failures.add(where + ": zero-copy text '" + raw + "' differs from '" + expected + "'");
                    }
                }
                if (binary && schema.column(i).type().logical() == io.doriscdc.api.schema.LogicalType.NUMERIC) {
                    byte[] buf = new byte[expected.length() + 8];
                    int n = row.writeNumericText(i, buf, 0, buf.length);
                    boolean finite = !expected.equals("NaN") && !expected.contains("Infinity");
                    String fast = n < 0 ? null : new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
                    if (finite ? !expected.equals(fast) : n >= 0) {
                        failures.add(where + ": numeric text written from the binary form is '" + fast + "', not '" + expected + "'");
                    }
                    if (finite && row.writeNumericText(i, buf, 0, expected.length() - 1) >= 0) {
                        failures.add(where + ": numeric text written into too small a room");
                    }
                }
                Object obj = row.getObject(i);
                String key = table + "/" + id + "/" + col;
                if (!binary) {
                    textObjects.put(key, obj);
                } else if (textObjects.containsKey(key)) {
                    Object fromText = textObjects.get(key);
                    if (!deepEquals(fromText, obj)) {
                        failures.add(where + ": getObject from binary " + show(obj) + " differs from text " + show(fromText));
                    } else {
                        counts[10]++;
                    }
                }
            } catch (RuntimeException e) {
                failures.add(where + ": expected '" + expected + "' but got " + e);
            }
        }
    }

    static boolean deepEquals(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!deepEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    private static String show(Object o) {
        return o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o);
    }
}
