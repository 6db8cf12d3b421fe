package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import java.util.Objects;

/** A deleted row: its key ({@link OldValues#KEY}) or its whole old row ({@link OldValues#FULL}). */
public record Delete(TableSchema table, Lsn lsn, OldValues oldValues, Row oldRow) implements RowChange {
    public Delete {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(oldRow, "oldRow");
        if (oldValues == OldValues.NONE) {
            throw new IllegalArgumentException("a delete always carries the key or the old row");
        }
    }
}
