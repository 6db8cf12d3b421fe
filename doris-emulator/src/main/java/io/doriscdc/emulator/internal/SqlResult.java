package io.doriscdc.emulator.internal;

import java.util.List;
import java.util.Map;

/** The result of one SQL statement: a result set (column names, types, rows) or nothing for DDL. Immutable. */
record SqlResult(boolean resultSet, List<String> names, List<String> types, List<Map<String, Object>> rows) {
    static final SqlResult DDL = new SqlResult(false, List.of(), List.of(), List.of());
}
