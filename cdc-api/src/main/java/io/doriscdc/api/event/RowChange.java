package io.doriscdc.api.event;

import io.doriscdc.api.schema.TableSchema;

/** A change to one row of one table. */
public sealed interface RowChange extends ChangeEvent permits Insert, Update, Delete {

    /** The table, with its columns as they were when the change was made. */
    TableSchema table();
}
