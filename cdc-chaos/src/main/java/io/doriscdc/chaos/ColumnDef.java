package io.doriscdc.chaos;

/** One column of a chaos table: its PostgreSQL type, its Doris type (as DorisTypes maps it) and how it compares. */
record ColumnDef(String name, String pgType, String dorisType, Family family) {
}
