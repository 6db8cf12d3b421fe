package io.doriscdc.api.transport;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.schema.TableSchema;
import java.util.Objects;

/**
 * A source table and the Doris table its changes go to. Doris columns have the names of the
 * PostgreSQL columns; the target table also has the version column (see {@link DorisConventions}).
 * Immutable and thread-safe.
 */
public record TableMapping(TableSchema source, DorisTableId target) {

    public TableMapping {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        for (var c : source.columns()) {
            if (!Identifiers.isValidDorisColumnName(c.name())) {
                throw new io.doriscdc.api.ConfigException("column '" + c.name() + "' of " + source.id()
                        + " is not a valid Doris column name; rename it or exclude the table");
            }
        }
    }
}
