package io.doriscdc.runtime.internal;

import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import java.util.Arrays;

/**
 * The replica-identity key of a row, for collapsing several changes to one key within a batch.
 * Values are the key columns' text forms, which PostgreSQL keeps unique wherever the typed values are.
 */
final class RowKey {

    private final String[] parts;
    private final int hash;

    private RowKey(String[] parts) {
        this.parts = parts;
        this.hash = Arrays.hashCode(parts);
    }

    static RowKey of(Row row, int[] keyIndexes) {
        String[] parts = new String[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            int c = keyIndexes[i];
            ValueState s = row.state(c);
            parts[i] = s == ValueState.PRESENT ? row.getString(c) : null;
        }
        return new RowKey(parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowKey k && hash == k.hash && Arrays.equals(parts, k.parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }
}
