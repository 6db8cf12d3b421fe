package io.doriscdc.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * What a chaos run did and found. {@link #passed()} when the last pipeline process is alive and has
 * not reported failure, no process failed except for connection errors around PostgreSQL restarts,
 * the slot caught up, every table was equal at every check, every planned SIGKILL struck a streaming
 * pipeline, every planned PostgreSQL restart ran (unless the server cannot be restarted from here:
 * {@link #pgRestartsImpossible()}), and the writers' failures stayed within {@link WriterFailures}'s
 * bounds. Immutable.
 */
public record ChaosReport(ChaosSettings settings, double loadSeconds, double totalSeconds, FaultTally faults, int processesStarted,
                          List<ChildFailure> failures, String workload, long transactions, long changes, String decoding,
                          List<Verification> checks, boolean lastAlive, String lastFailure, List<String> writerProblems,
                          String ddl, java.nio.file.Path scheduleFile) {

    /** SIGKILLs sent. */
    public int kills() {
        return faults.kills();
    }

    /** Why PostgreSQL restarts could not run in this run (a server this JVM cannot restart), if they could not. */
    public java.util.Optional<String> pgRestartsImpossible() {
        return faults.pgRestartsImpossible();
    }

    public boolean passed() {
        return problems().isEmpty();
    }

    /** EQUAL when every table was equal at every check, else DIFFERENT. */
    public String result() {
        return checks.stream().allMatch(Verification::equal) ? "EQUAL" : "DIFFERENT";
    }

    /** Why the run did not pass; empty when it did. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        List<ChildFailure> unexpected = failures.stream().filter(f -> !f.pgRestart()).toList();
        if (!unexpected.isEmpty()) {
            p.add(unexpected.size() + " pipeline process(es) failed by themselves; first: " + unexpected.get(0));
        }
        p.addAll(faults.problems());
        p.addAll(writerProblems);
        if (!lastAlive) {
            p.add("the last pipeline process is not alive");
        }
        if (lastFailure != null) {
            p.add("the last pipeline process reported: " + lastFailure);
        }
        for (int i = 0; i < checks.size(); i++) {
            Verification v = checks.get(i);
            String which = i == checks.size() - 1 ? "final check" : "check " + (i + 1);
            if (!v.caughtUp()) {
                p.add(which + ": the pipeline did not catch up (confirmed " + v.confirmedLsn() + " < " + v.targetLsn() + ")");
            }
            long differing = v.tables().stream().filter(t -> !t.equal()).count();
            if (differing > 0) {
                p.add(which + ": " + differing + " table(s) differ between PostgreSQL and Doris: "
                        + v.tables().stream().filter(t -> !t.equal()).map(TableComparison::table).toList());
            }
        }
        return p;
    }

    /** Failures grouped by their message with numbers and LSNs blanked: how often, first and last, one example. */
    List<String> failureKinds() {
        java.util.Map<String, List<ChildFailure>> kinds = new java.util.LinkedHashMap<>();
        for (ChildFailure f : failures) {
            String kind = (f.pgRestart() ? "(PostgreSQL restart) " : "") + f.message().replaceAll("\\S*[0-9A-Fa-f]{8,}\\S*", "#")
                    .replaceAll("[0-9A-F]+/[0-9A-F]+|\\d+", "#");
            kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
        }
        List<String> out = new ArrayList<>();
        kinds.forEach((kind, list) -> out.add(String.format("%dx%s from %.0fs to %.0fs, e.g. %s", list.size(),
                list.get(0).pgRestart() ? " (PostgreSQL restart, expected)" : "", list.get(0).atSeconds(), list.get(list.size() - 1).atSeconds(),
                Supervisor.abbreviate(list.get(0).toString()))));
        return out;
    }

    /** The figures and findings, for the end of a run and for failure messages; names the seed. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("chaos run, seed ").append(settings.seed()).append(" (replay: -Dchaos.seed=").append(settings.seed())
                .append(" or --seed ").append(settings.seed()).append(")\n");
        sb.append(String.format("  duration:      %.0f s of load, %.0f s in all%n", loadSeconds, totalSeconds));
        sb.append(String.format("  kills:         %d SIGKILLs (%d of a streaming pipeline, %d planned), %d pipeline processes started%n",
                faults.kills(), faults.streamingKills(), faults.plannedKills(), processesStarted));
        sb.append("  transports:    streaming pipelines killed, by transport: ").append(new java.util.TreeMap<>(faults.streamingKillsByTransport()))
                .append(" of ").append(faults.transports()).append('\n');
        sb.append(String.format("  PG restarts:   %d of %d planned%s%n", faults.pgRestarts(), faults.plannedPgRestarts(),
                faults.pgRestartsImpossible().map(why -> " (NOT RUN: " + why + ")").orElse("")));
        sb.append(String.format("  Doris faults:  %d armed of %d planned%n", faults.dorisFaults(), faults.plannedDorisFaults()));
        sb.append("  DDL issued:    ").append(ddl).append('\n');
        sb.append(String.format("  written:       %d transactions committed, %d row changes%n", transactions, changes));
        sb.append("  workload:      ").append(workload).append('\n');
        sb.append("  decoding:      ").append(decoding).append('\n');
        sb.append("  tables:        ").append(ChaosSchema.TABLES.size()).append(" (").append(String.join(", ",
                ChaosSchema.TABLES.stream().map(TableDef::name).toList())).append(")\n");
        failureKinds().forEach(line -> sb.append("  process ends:  ").append(line).append('\n'));
        for (int i = 0; i < checks.size(); i++) {
            sb.append(i == checks.size() - 1 ? "  final check:   " : "  check " + (i + 1) + ":       ").append(checks.get(i).describe()).append('\n');
        }
        sb.append("  schedule:      planned from the seed -> as run (with the DDL issued: ").append(scheduleFile).append(")\n");
        faults.asRun().forEach(line -> sb.append("    ").append(line).append('\n'));
        sb.append("  result:        ").append(result()).append(passed() ? "" : " — NOT PASSED, seed " + settings.seed());
        for (String problem : problems()) {
            sb.append("\n    - ").append(problem);
        }
        return sb.toString();
    }
}
