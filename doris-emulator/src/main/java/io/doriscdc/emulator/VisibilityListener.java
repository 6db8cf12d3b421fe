package io.doriscdc.emulator;

import java.util.List;

/**
 * Told each time a commit makes rows readable in an emulated table (a load without two-phase commit, the
 * commit of a pre-committed one, a group commit), right after the rows were merged and before the load is
 * answered: what a latency harness needs to time commit-to-visible per row. Not a Doris API: Doris
 * publishes a load's rows to readers at its commit (VISIBLE), which is the moment this reports.
 *
 * <p>Called on the emulator thread that commits, with the emulator's transaction lock held: implementations
 * must be quick, thread-safe, and must not call back into the emulator. The lists belong to the emulator
 * for the duration of the call only.
 */
@FunctionalInterface
public interface VisibilityListener {

    /** Hears nothing. */
    VisibilityListener NONE = (db, table, keys) -> { };

    /**
     * @param keys the key values (in the table's key-column order, typed as {@link EmulatedTable#rows()} types them: a Doris
     *             integer is a {@code Long}) of the rows the commit wrote, in load
     *             order; deleted keys are not listed; a row the commit did not apply because a stored row has a
     *             higher sequence value is listed too
     */
    void rowsVisible(String db, String table, List<List<Object>> keys);
}
