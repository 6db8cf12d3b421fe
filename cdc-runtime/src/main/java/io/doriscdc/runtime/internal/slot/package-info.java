/**
 * The pipeline's replication slot on the server: the replication commands that create it (with an
 * exported snapshot or without, temporary or not, a failover slot on PostgreSQL 17+) and turn
 * failover on, and what the server reports of it in case of a failover to a standby.
 */
package io.doriscdc.runtime.internal.slot;
