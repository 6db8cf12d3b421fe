package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run whose tables end equal still fails when a planned fault did not happen or the writers failed too often. */
class ChaosReportTest {

    private static final List<String> TRANSPORTS = List.of("streamload/json", "grpc/csv/2pc");
    private static final java.util.Map<String, Integer> KILLED = java.util.Map.of("streamload/json", 6, "grpc/csv/2pc", 4);
    private static final Verification EQUAL = new Verification(true, "0/10", "0/10", 1.0,
            List.of(new TableComparison("accounts", 10, 10, 0, List.of())), "inactive");

    @Test
    void aRunWithEveryPlannedFaultAndFewWriterFailuresPasses() {
        assertThat(report(new FaultTally(10, 10, 10, 17, 17, 1, 1, Optional.empty(), TRANSPORTS, KILLED, List.of()), List.of()).problems()).isEmpty();
    }

    @Test
    void aPlannedPostgresRestartThatDidNotRunFailsTheRun() {
        ChaosReport r = report(new FaultTally(10, 10, 10, 17, 17, 1, 0, Optional.empty(), TRANSPORTS, KILLED, List.of()), List.of());
        assertThat(r.problems()).singleElement().asString().contains("planned 1 PostgreSQL restart(s), 0 ran");
        assertThat(r.result()).isEqualTo("EQUAL");
    }

    @Test
    void aRestartThisJvmCannotRunIsNotAFailureButIsReportedForTheTestsAssumption() {
        ChaosReport r = report(new FaultTally(10, 10, 10, 17, 17, 1, 0, Optional.of("the external server cannot be restarted"), TRANSPORTS, KILLED,
                List.of()),
                List.of());
        assertThat(r.problems()).isEmpty();
        assertThat(r.pgRestartsImpossible()).contains("the external server cannot be restarted");
        assertThat(r.summary()).contains("NOT RUN: the external server cannot be restarted");
    }

    @Test
    void fewerKillsOfAStreamingPipelineThanPlannedFailTheRun() {
        ChaosReport r = report(new FaultTally(10, 10, 7, 17, 17, 1, 1, Optional.empty(), TRANSPORTS, KILLED, List.of()), List.of());
        assertThat(r.problems()).singleElement().asString().contains("planned 10 SIGKILLs of a streaming pipeline, only 7 struck one");
    }

    @Test
    void aClaimedTransportThatWasNeverKilledWhileStreamingFailsTheRun() {
        ChaosReport r = report(new FaultTally(10, 10, 10, 17, 17, 1, 1, Optional.empty(), TRANSPORTS, java.util.Map.of("streamload/json", 10),
                List.of()), List.of());
        assertThat(r.problems()).singleElement().asString().contains("never killed a streaming pipeline on [grpc/csv/2pc]");
    }

    @Test
    void writerFailuresOfAnUnexpectedStateOrLostConnectionsWithoutARestartFailTheRun() {
        WriterFailures w = new WriterFailures();
        w.record(new SQLException("deadlock", "40P01"));
        w.record(new SQLException("duplicate key", "23505"));
        assertThat(w.problems(1_000, 6, 0)).isEmpty();
        w.record(new SQLException("This connection has been closed.", "08003"));
        assertThat(w.problems(1_000, 6, 0)).singleElement().asString().contains("lost their connection 1 time(s), without a PostgreSQL restart");
        assertThat(w.problems(1_000, 6, 1)).isEmpty();
        w.record(new SQLException("canceling statement due to statement timeout", "57014"));
        assertThat(w.problems(1_000, 6, 1)).singleElement().asString().contains("SQLSTATE 57014").contains("statement timeout");
        ChaosReport r = report(new FaultTally(10, 10, 10, 17, 17, 1, 1, Optional.empty(), TRANSPORTS, KILLED, List.of()), w.problems(1_000, 6, 1));
        assertThat(r.problems()).singleElement().asString().contains("SQLSTATE 57014");
    }

    @Test
    void moreExpectedWriterFailuresThanTheBoundFailTheRun() {
        WriterFailures w = new WriterFailures();
        for (int i = 0; i < 200; i++) {
            w.record(new SQLException("could not serialize access", "40001"));
        }
        assertThat(w.problems(10_000, 6, 1)).isEmpty();
        assertThat(w.problems(1_000, 6, 1)).singleElement().asString().contains("failed 200 times, more than 150");
    }

    private static ChaosReport report(FaultTally faults, List<String> writerProblems) {
        return new ChaosReport(ChaosSettings.ci(1), 100, 130, faults, 12, List.of(), "workload", 5_000, 100_000, "decoding",
                List.of(EQUAL), true, null, writerProblems, "TRUNCATE=3", Path.of("schedule.txt"));
    }
}
