package io.doriscdc.emulator.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One converted input row ready to merge into a Unique Key table: its key, the column values,
 * the sequence value (null when the table has none or the row gave none), the delete sign, and
 * for partial updates the columns it updates ({@code null} for a full row). Immutable, but for the
 * values of a full row: a {@code HashMap} there is handed to the table that applies the op, which keeps
 * it as the stored row (so a map is made per op, and not used again).
 */
record RowOp(List<Object> key, Map<String, Object> values, Object sequence, boolean delete,
             Set<String> updatedColumns) {
}
