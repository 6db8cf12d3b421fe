package io.doriscdc.streamload.internal;

/** What a Stream Load request achieved, when it did not fail. Immutable. */
public sealed interface LoadResult {

    /** {@code Success} (not two-phase) or {@code Publish Timeout}: committed. */
    record Committed(long txnId, long rowsLoaded, long rowsFiltered, boolean publishPending) implements LoadResult {
    }

    /** {@code Success} of a two-phase load: PRECOMMITTED, to be committed. */
    record Precommitted(long txnId, long rowsLoaded, long rowsFiltered) implements LoadResult {
    }

    /** {@code Label Already Exists}: {@code existing} is FINISHED, RUNNING or PRECOMMITTED; txnId -1 when the message had none. */
    record LabelExists(String existing, long txnId) implements LoadResult {
    }
}
