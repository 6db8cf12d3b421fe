package io.doriscdc.cli.verify;

import io.doriscdc.runtime.TableRoute;

/** The same table counted and summed on both sides. Immutable. */
public record TableComparison(TableRoute route, long pgRows, String pgChecksum, long dorisRows, String dorisChecksum) {

    public boolean equal() {
        return pgRows == dorisRows && pgChecksum.equals(dorisChecksum);
    }
}
