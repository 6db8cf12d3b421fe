package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What became of a run's planned faults: how many were planned from the seed, how many ran, how many
 * SIGKILLs struck a pipeline that was streaming, and each fault as it ran. Immutable.
 *
 * @param pgRestartsImpossible why PostgreSQL restarts could not run (a server this JVM cannot restart), if so
 * @param asRun each planned fault with when it ran and what it did, in order
 */
record FaultTally(long plannedKills, int kills, int streamingKills, long plannedDorisFaults, int dorisFaults,
                  long plannedPgRestarts, int pgRestarts, Optional<String> pgRestartsImpossible, List<String> asRun) {

    FaultTally {
        asRun = List.copyOf(asRun);
    }

    static FaultTally none() {
        return new FaultTally(0, 0, 0, 0, 0, 0, 0, Optional.empty(), List.of());
    }

    /** A planned fault that did not happen as planned; empty when each one did (restarts that cannot run are not counted here). */
    List<String> problems() {
        List<String> p = new ArrayList<>();
        if (streamingKills < plannedKills) {
            p.add("the seed planned " + plannedKills + " SIGKILLs of a streaming pipeline, only " + streamingKills + " struck one ("
                    + kills + " kills in all): a kill waits up to " + FaultDriver.STREAMING_WAIT.toSeconds()
                    + " s for the process to print PROGRESS; see the schedule as run and the pipeline logs");
        }
        if (pgRestartsImpossible.isEmpty() && pgRestarts < plannedPgRestarts) {
            p.add("the seed planned " + plannedPgRestarts + " PostgreSQL restart(s), " + pgRestarts + " ran");
        }
        if (dorisFaults < plannedDorisFaults) {
            p.add("the seed planned " + plannedDorisFaults + " Doris faults, " + dorisFaults + " were armed");
        }
        return p;
    }
}
