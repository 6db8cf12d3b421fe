/**
 * Decoding of PostgreSQL's pgoutput logical replication messages (protocol versions 1 to 4, text and
 * binary tuples): {@link io.doriscdc.pgoutput.PgOutputDecoder} turns one XLogData payload into a
 * {@link io.doriscdc.pgoutput.PgOutputMessage}; {@link io.doriscdc.pgoutput.RelationCache} keeps the
 * table schemas; {@link io.doriscdc.pgoutput.TupleData#row} gives a lazy
 * {@link io.doriscdc.api.value.Row} over a tuple's bytes. The package does no I/O, no logging and
 * holds no global mutable state.
 */
package io.doriscdc.pgoutput;
