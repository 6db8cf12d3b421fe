package io.doriscdc.chaos;

/**
 * One fault of a run's {@link FaultSchedule}, at {@code atMillis} after the load began (not counting
 * pauses for checks). Derived from the seed alone, so a seed plans the same faults. Immutable.
 */
sealed interface PlannedFault permits PlannedFault.Kill, PlannedFault.DorisFault, PlannedFault.PgRestart {

    long atMillis();

    /** One line of the printed schedule, e.g. {@code 12.3s SIGKILL of the streaming pipeline}. */
    String describe();

    /** SIGKILL of the pipeline process once it streams. */
    record Kill(long atMillis) implements PlannedFault {
        @Override
        public String describe() {
            return String.format("%6.1fs SIGKILL of the streaming pipeline", atMillis / 1000.0);
        }
    }

    /**
     * A Doris fault armed in the emulator.
     *
     * @param kind which of {@link DorisFaultKind}
     * @param count how many loads or requests it strikes (1 or 2, where the kind takes a count)
     * @param delayMillis the answer delay of {@link DorisFaultKind#DELAYED_ANSWERS}
     */
    record DorisFault(long atMillis, DorisFaultKind kind, int count, long delayMillis) implements PlannedFault {
        @Override
        public String describe() {
            return String.format("%6.1fs Doris fault: %s", atMillis / 1000.0, kind.describe(count, delayMillis));
        }
    }

    /** {@code pg_ctl stop -m immediate}, down for {@code downMillis}, then started again. */
    record PgRestart(long atMillis, long downMillis) implements PlannedFault {
        @Override
        public String describe() {
            return String.format("%6.1fs PostgreSQL immediate restart, down %d ms", atMillis / 1000.0, downMillis);
        }
    }
}
