package io.doriscdc.api.schema;

import java.util.Objects;

/**
 * A column of a replicated table. Immutable and thread-safe.
 *
 * @param name the column name as stored in the catalog (case preserved)
 * @param type its type
 * @param key true if the column is part of the replica identity (the primary key, the replica
 *     identity index, or every column under REPLICA IDENTITY FULL)
 * @param nullable false when the column is declared NOT NULL (pgoutput does not say; the runtime
 *     reads it from the catalog, and assumes nullable until then)
 */
public record Column(String name, ColumnType type, boolean key, boolean nullable) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
