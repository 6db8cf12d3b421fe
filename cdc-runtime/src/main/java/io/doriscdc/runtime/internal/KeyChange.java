package io.doriscdc.runtime.internal;

import io.doriscdc.api.Identifiers;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import java.util.HashSet;
import java.util.List;

/**
 * A mapped table's key changed under the pipeline (issue 23 #14): a new primary key, or
 * {@code REPLICA IDENTITY USING INDEX} switched to another index. pgoutput's Relation message flags
 * each column that is part of the replica identity key (flag 1, {@code logicalrep_write_attrs} in
 * PostgreSQL's src/backend/replication/logical/proto.c), so the stream shows the new key at the
 * first change after it. Doris's unique key cannot change, and the old key's rows would stay: the
 * table is stopped with what to do.
 *
 * <p>Only the DEFAULT (primary key) and INDEX identities are compared: under FULL every column is
 * flagged. A key column renamed is the same key, which the column follower handles, so a key is
 * compared only while every column of the pipeline's key still exists by name.
 */
final class KeyChange {

    private KeyChange() {
    }

    /** The error that stops {@code t}, or null when the stream's key is the one the pipeline uses. */
    static String of(TableRuntime t, TableSchema schema, StreamPosition at) {
        List<String> used = t.keyColumns;
        if (used.isEmpty() || !(schema.replicaIdentity() == ReplicaIdentity.DEFAULT || schema.replicaIdentity() == ReplicaIdentity.INDEX)) {
            return null;
        }
        List<String> names = schema.columns().stream().map(Column::name).toList();
        if (!names.containsAll(used)) {
            return null; // a key column renamed (or dropped): the column follower's business
        }
        List<String> flagged = schema.keyColumns().stream().map(Column::name).toList();
        if (new HashSet<>(flagged).equals(new HashSet<>(used))) {
            return null;
        }
        String table = t.route.source().toString();
        String doris = t.route.target().toSql();
        String now = flagged.isEmpty() ? "no key (no primary key, REPLICA IDENTITY DEFAULT)" : "(" + String.join(", ", flagged) + ")";
        return "the key of " + table + " changed under the pipeline at stream position " + at + ": Doris table " + t.route.target()
                + " is keyed on (" + String.join(", ", used) + "), PostgreSQL now identifies rows by " + now
                + "; a Doris unique key cannot change, so " + table + " is stopped here (the slot is held before this change) while the"
                + " other tables stream on. Either restore the old key in PostgreSQL (a primary key or REPLICA IDENTITY USING INDEX on ("
                + String.join(", ", used) + ")) and restart the pipeline; or follow the new key: SELECT doris_cdc.remove_table('" + table
                + "') (or remove its route from the configuration), in Doris DROP TABLE " + doris + " and create it with UNIQUE KEY("
                + (flagged.isEmpty() ? "<new key>" : String.join(", ", flagged.stream().map(Identifiers::quoteDoris).toList()))
                + ") (transport.create-tables: true creates it), restart the pipeline, then SELECT doris_cdc.add_table('" + table + "', '"
                + t.route.target().database() + "', '" + t.route.target().table() + "'), which copies it afresh";
    }
}
