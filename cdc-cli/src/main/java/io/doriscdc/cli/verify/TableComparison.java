package io.doriscdc.cli.verify;

import io.doriscdc.runtime.TableRoute;

/**
 * The same table counted and summed on both sides, with up to a few rows that differ (by key) when
 * the sums do. Immutable.
 */
public record TableComparison(TableRoute route, long pgRows, String pgChecksum, long dorisRows, String dorisChecksum,
                              java.util.List<String> differences) {

    public TableComparison {
        differences = java.util.List.copyOf(differences);
    }

    public boolean equal() {
        return pgRows == dorisRows && pgChecksum.equals(dorisChecksum);
    }
}
