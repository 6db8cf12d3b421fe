package io.doriscdc.api.event;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.schema.TableSchema;
import java.util.List;
import java.util.Objects;

/** TRUNCATE of one or more tables in one statement. */
public record Truncate(List<TableSchema> tables, Lsn lsn, boolean cascade, boolean restartIdentity) implements ChangeEvent {
    public Truncate {
        Objects.requireNonNull(lsn, "lsn");
        tables = List.copyOf(tables);
    }
}
