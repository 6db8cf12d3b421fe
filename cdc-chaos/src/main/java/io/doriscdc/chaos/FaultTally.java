package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What became of a run's planned faults: how many were planned from the seed, how many ran, how many
 * SIGKILLs struck a pipeline that was streaming, and each fault as it ran. Immutable.
 *
 * @param pgRestartsImpossible why PostgreSQL restarts could not run (a server this JVM cannot restart), if so
 * @param transports the transports the run rotates through ({@code scheme/format[/2pc]})
 * @param streamingKillsByTransport the kills of a streaming pipeline, by the transport it delivered with
 * @param asRun each planned fault with when it ran and what it did, in order
 */
record FaultTally(long plannedKills, int kills, int streamingKills, long plannedDorisFaults, int dorisFaults,
                  long plannedPgRestarts, int pgRestarts, Optional<String> pgRestartsImpossible, List<String> transports,
                  Map<String, Integer> streamingKillsByTransport, List<String> asRun) {

    FaultTally {
        transports = List.copyOf(transports);
        streamingKillsByTransport = Map.copyOf(streamingKillsByTransport);
        asRun = List.copyOf(asRun);
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
        if (plannedKills >= transports.size()) { // then the rotation reaches each transport before a kill
            List<String> neverKilled = transports.stream().filter(t -> !streamingKillsByTransport.containsKey(t)).toList();
            if (!neverKilled.isEmpty()) {
                p.add("the run claims to kill every transport of " + transports + " but never killed a streaming pipeline on "
                        + neverKilled + " (kills by transport: " + streamingKillsByTransport + ")");
            }
        }
        if (dorisFaults < plannedDorisFaults) {
            p.add("the seed planned " + plannedDorisFaults + " Doris faults, " + dorisFaults + " were armed");
        }
        return p;
    }
}
