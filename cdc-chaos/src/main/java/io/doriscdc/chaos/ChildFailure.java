package io.doriscdc.chaos;

/**
 * A pipeline process that ended by itself (not killed by the suite).
 *
 * @param process        its number
 * @param atSeconds      when it was seen ended, seconds into the run
 * @param exitCode       its exit code
 * @param message        the FAILED line it printed, or what is known
 * @param pgRestart      whether it ended with a connection error while or just after PostgreSQL restarted
 *                       (expected: a supervisor restarts it)
 */
record ChildFailure(int process, double atSeconds, int exitCode, String message, boolean pgRestart) {

    @Override
    public String toString() {
        return String.format("pipeline %d ended at %.1fs with exit code %d%s: %s", process, atSeconds, exitCode,
                pgRestart ? " (PostgreSQL restart)" : "", message);
    }
}
