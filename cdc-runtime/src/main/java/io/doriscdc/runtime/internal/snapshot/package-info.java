/**
 * Table copies: consistent snapshots (exported or of a temporary slot), the durable plan of CTID
 * ranges per table or leaf partition ({@code doris_cdc.snapshot_ranges}), and the copiers that read
 * ranges with binary {@code COPY} and deliver them through the transport at the snapshot's version.
 */
package io.doriscdc.runtime.internal.snapshot;
