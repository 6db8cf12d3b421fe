package io.doriscdc.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Every fault of a run, planned from the seed before the load starts: SIGKILLs, Doris faults and
 * PostgreSQL restarts, each kind from its own seeded sequence ({@link Seeds}), so the same seed and
 * settings give the same schedule whatever the machine does. Immutable.
 */
record FaultSchedule(List<PlannedFault> faults) {

    FaultSchedule {
        faults = List.copyOf(faults);
    }

    static FaultSchedule plan(ChaosSettings s) {
        long load = s.load().toMillis();
        List<PlannedFault> out = new ArrayList<>();
        if (s.kills()) {
            Random r = Seeds.random(s.seed(), "kills");
            for (long t = gap(r, s.killGapMin(), s.killGapMax()); t < load; t += gap(r, s.killGapMin(), s.killGapMax())) {
                out.add(new PlannedFault.Kill(t));
            }
        }
        if (s.dorisFaults()) {
            Random r = Seeds.random(s.seed(), "doris-faults");
            for (long t = gap(r, s.faultGapMin(), s.faultGapMax()); t < load; t += gap(r, s.faultGapMin(), s.faultGapMax())) {
                int n = 1 + r.nextInt(2);
                DorisFaultKind kind = DorisFaultKind.values()[r.nextInt(DorisFaultKind.values().length)];
                long delay = kind == DorisFaultKind.DELAYED_ANSWERS ? 100 + r.nextInt(500) : 0;
                out.add(new PlannedFault.DorisFault(t, kind, n, delay));
            }
        }
        if (!s.pgRestartEvery().isZero()) {
            Random r = Seeds.random(s.seed(), "pg-restarts");
            long period = s.pgRestartEvery().toMillis();
            for (long start = 0; start < load; start += period) { // one restart in the middle half of each period
                long at = start + period / 4 + (long) (r.nextDouble() * period / 2);
                long down = 300 + r.nextInt(2_700);
                if (at < load) {
                    out.add(new PlannedFault.PgRestart(at, down));
                }
            }
        }
        out.sort(Comparator.comparingLong(PlannedFault::atMillis));
        return new FaultSchedule(out);
    }

    long count(Class<? extends PlannedFault> kind) {
        return faults.stream().filter(kind::isInstance).count();
    }

    /** The schedule as printed: a summary line, then one line per fault. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(count(PlannedFault.Kill.class) + " SIGKILLs, " + count(PlannedFault.DorisFault.class) + " Doris faults, "
                + count(PlannedFault.PgRestart.class) + " PostgreSQL restarts planned from the seed");
        faults.forEach(f -> lines.add(f.describe()));
        return lines;
    }

    private static long gap(Random r, Duration min, Duration max) {
        return min.toMillis() + (long) (r.nextDouble() * (max.toMillis() - min.toMillis()));
    }
}
