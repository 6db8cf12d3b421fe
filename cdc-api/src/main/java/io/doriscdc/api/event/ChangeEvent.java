package io.doriscdc.api.event;

/** A change to the data of one or more tables. */
public sealed interface ChangeEvent extends CdcEvent permits RowChange, Truncate {
}
