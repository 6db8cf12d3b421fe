package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.value.Row;
import java.util.Objects;

/** A new row. */
public record Insert(TableSchema table, Lsn lsn, Row newRow) implements RowChange {
    public Insert {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(newRow, "newRow");
    }
}
