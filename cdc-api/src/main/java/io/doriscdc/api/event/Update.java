package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import java.util.Objects;

/**
 * A changed row. {@code newRow} may hold {@link io.doriscdc.api.value.ValueState#UNCHANGED_TOAST}
 * columns whose value was not sent. {@code oldRow} is present when the server sent old values
 * ({@link OldValues#KEY} when a key column changed under DEFAULT/INDEX identity, {@link
 * OldValues#FULL} under REPLICA IDENTITY FULL), otherwise {@code null}.
 */
public record Update(TableSchema table, Lsn lsn, Row newRow, OldValues oldValues, Row oldRow) implements RowChange {
    public Update {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(newRow, "newRow");
        Objects.requireNonNull(oldValues, "oldValues");
        if ((oldValues == OldValues.NONE) != (oldRow == null)) {
            throw new IllegalArgumentException("oldRow must be given exactly when oldValues is not NONE");
        }
    }
}
