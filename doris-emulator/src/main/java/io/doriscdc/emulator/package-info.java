/**
 * Public API of the Doris emulator: an in-process, Netty-based server that speaks the Apache Doris
 * Stream Load HTTP protocol (FE 307 redirect, BE load, labels, 2PC, Unique Key merge-on-write with
 * delete sign and sequence column, SQL-over-HTTP subset) for tests and the demo.
 *
 * <p>It is an emulator of a protocol, never a database: data lives in memory only. Start one with
 * {@link io.doriscdc.emulator.DorisEmulator#builder()}. Behaviour follows
 * {@code shared/research/doris-ingest-protocols.md}; each behaviour cites its section there.
 */
package io.doriscdc.emulator;
