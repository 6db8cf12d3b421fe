package io.doriscdc.emulator;

import java.util.List;
import java.util.Map;

import io.doriscdc.emulator.internal.EmulatorRuntime;

/**
 * A live view of one emulated table: each call reads the current visible rows (delete-signed rows
 * filtered, hidden columns never shown), in key order.
 *
 * <p>Thread-safe: each call is a consistent snapshot of the table at that moment.
 */
public final class EmulatedTable {
    private final EmulatorRuntime runtime;
    private final String db;
    private final String table;

    EmulatedTable(EmulatorRuntime runtime, String db, String table) {
        this.runtime = runtime;
        this.db = db;
        this.table = table;
    }

    /** Visible rows in key order; values are Long, BigInteger, Double, BigDecimal, Boolean, String, LocalDate, LocalDateTime or null. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = runtime.rows(db, table);
        if (rows == null) {
            throw new EmulatorException("table " + db + "." + table + " no longer exists");
        }
        return rows;
    }

    public long rowCount() {
        return rows().size();
    }

    /** Visible column names in schema order. */
    public List<String> columns() {
        List<String> cols = runtime.columns(db, table);
        if (cols == null) {
            throw new EmulatorException("table " + db + "." + table + " no longer exists");
        }
        return cols;
    }
}
