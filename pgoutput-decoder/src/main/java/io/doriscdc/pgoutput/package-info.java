/**
 * Decoding of PostgreSQL's pgoutput logical replication messages (protocol versions 1 to 4, text and
 * binary tuples): {@link io.doriscdc.pgoutput.PgOutputDecoder} turns one XLogData payload into a
 * {@link io.doriscdc.pgoutput.PgOutputMessage} ({@link io.doriscdc.pgoutput.PgOutputSession} tracks
 * streamed blocks); {@link io.doriscdc.pgoutput.RelationCache} keeps the table schemas;
 * {@link io.doriscdc.pgoutput.TupleData#row} gives a lazy {@link io.doriscdc.api.value.Row} over a
 * tuple's bytes. The package does no I/O, no logging and holds no global mutable state.
 *
 * <p><b>Text forms.</b> {@code Row.getString} returns what the type's output function prints with
 * default settings (DateStyle ISO, IntervalStyle postgres, extra_float_digits &gt; 0, bytea_output
 * hex). A value sent in text mode is returned verbatim, so it follows the walsender session's
 * settings (its TimeZone for timestamptz). A value sent in binary is rendered by this decoder:
 * timestamptz in UTC with the zone {@code +00}; money as with lc_monetary C/en_US
 * ({@code -$1,234.56}). Note that the output function differs from a SQL {@code ::text} cast for
 * bool ({@code t}), bpchar (kept padding), inet ({@code /32} omitted) and xml (declaration dropped).
 * Types without a binary reader ({@link io.doriscdc.pgoutput.PgTypes#binaryReadable(int)}) must be
 * replicated in text mode; their binary values are refused with a {@link io.doriscdc.api.DecodeException}.
 */
package io.doriscdc.pgoutput;
