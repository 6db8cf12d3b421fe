/**
 * High availability of one pipeline across instances: a lease in {@code doris_cdc.leases} elects
 * the active instance, the replication slot's exclusivity fences its stream
 * (docs/operations.md, "High availability").
 */
package io.doriscdc.runtime.internal.ha;
