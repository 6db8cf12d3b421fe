package io.doriscdc.runtime;

/**
 * What a pipeline does when a mapped table's columns change in PostgreSQL (a Relation message that
 * differs from the one before): {@code policies.schema-changes} in the configuration
 * (docs/operations.md, "Schema changes").
 */
public enum SchemaChangePolicy {
    /**
     * Fit the Doris table in WAL order, before the first row that needs it: ADD COLUMN, RENAME
     * COLUMN, MODIFY COLUMN to a wider type, and DROP COLUMN when {@code policies.drop-columns} is
     * {@code drop} (kept otherwise, and no longer written). A change Doris cannot make stops the
     * table with the statement to run.
     */
    APPLY,
    /** Stop the table at the change, holding the slot before it, with the Doris statements that fit it. */
    FAIL
}
