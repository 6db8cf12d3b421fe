package io.doriscdc.emulator.internal;

import java.util.List;

/** What a load body turned into: rows to merge, rejected rows, and the Doris row counters. Immutable. */
record LoadOutcome(List<RowOp> ops, List<Rejected> rejected, long totalRows, long unselectedRows) {
    LoadOutcome {
        ops = List.copyOf(ops);
        rejected = List.copyOf(rejected);
    }

    long filteredRows() {
        return rejected.size();
    }

    /** §1.2 max_filter_ratio: too many when filtered > (filtered + loaded) * ratio. */
    boolean tooManyFiltered(double maxFilterRatio) {
        return filteredRows() > 0 && filteredRows() > (filteredRows() + ops.size()) * maxFilterRatio;
    }
}
