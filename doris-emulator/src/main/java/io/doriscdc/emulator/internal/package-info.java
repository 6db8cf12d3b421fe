/**
 * Implementation of the Doris emulator: Netty servers for the FE and the BEs, Stream Load header
 * validation and body parsing, the in-memory Unique Key tables, the transaction and label manager,
 * the SQL subset and fault injection. Nothing here is API; it may change without notice.
 */
package io.doriscdc.emulator.internal;
