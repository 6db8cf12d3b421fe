package io.doriscdc.emulator.internal;

import java.util.List;

/**
 * The validated Stream Load headers the emulator honours (§1.2). Immutable.
 *
 * @param columns         source column names from the {@code columns} header, or null
 * @param hiddenColumns   names from {@code hidden_columns}
 * @param mergeType       APPEND, DELETE or MERGE
 * @param deleteCondition the {@code delete} condition for MERGE, or null
 * @param updateMode      UPSERT, UPDATE_FIXED_COLUMNS or UPDATE_FLEXIBLE_COLUMNS
 * @param groupCommit     null, sync_mode or async_mode (off_mode and disabled cases are null)
 */
record LoadOptions(String label, boolean labelGiven, boolean json, boolean readJsonByLine, boolean stripOuterArray,
                   List<String> columns, String columnSeparator, String lineDelimiter, Character enclose,
                   Character escape, List<String> hiddenColumns, String sequenceCol, String mergeType,
                   String deleteCondition, boolean twoPhaseCommit, double maxFilterRatio, boolean strictMode,
                   boolean gzip, String updateMode, String newKeyBehavior, String groupCommit, String comment,
                   boolean chunked, long contentLength) {

    boolean partialFixed() {
        return "UPDATE_FIXED_COLUMNS".equals(updateMode);
    }

    boolean partialFlexible() {
        return "UPDATE_FLEXIBLE_COLUMNS".equals(updateMode);
    }
}
