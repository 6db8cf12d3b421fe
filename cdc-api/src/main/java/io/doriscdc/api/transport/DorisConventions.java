package io.doriscdc.api.transport;

/**
 * The names doris-cdc relies on in every Doris target table (ARCHITECTURE.md, "Doris table model").
 */
public final class DorisConventions {

    /** Doris's hidden delete marker of Unique Key tables: 1 deletes the key. */
    public static final String DELETE_SIGN = "__DORIS_DELETE_SIGN__";

    /**
     * The source field that feeds the table's sequence column (table property
     * {@code function_column.sequence_type = largeint}, load header {@code function_column.sequence_col}).
     * Its value is the row's version, {@link io.doriscdc.api.StreamPosition#sequenceValue()}: strictly
     * increasing with PostgreSQL's order per key.
     */
    public static final String VERSION_FIELD = "__doris_cdc_version";

    /** Doris's hidden sequence column of tables created with {@code function_column.sequence_type}. */
    public static final String SEQUENCE_COLUMN = "__DORIS_SEQUENCE_COL__";

    private DorisConventions() {
    }
}
