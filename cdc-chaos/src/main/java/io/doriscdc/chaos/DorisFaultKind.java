package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import java.time.Duration;

/** The Doris faults a run arms in the emulator, each described as the run log prints it. */
enum DorisFaultKind {
    TOO_MANY_VERSIONS, MEM_LIMIT, RESET_AFTER_COMMIT, PUBLISH_TIMEOUT, RESET_MID_BODY, FE_503, DEAD_BACKEND_REDIRECT, DELAYED_ANSWERS;

    String describe(int n, long delayMillis) {
        return switch (this) {
            case TOO_MANY_VERSIONS -> "the next " + n + " loads fail with -235 too many versions";
            case MEM_LIMIT -> "the next load fails with MEM_LIMIT_EXCEEDED";
            case RESET_AFTER_COMMIT -> "the next load commits, then its connection is reset";
            case PUBLISH_TIMEOUT -> "the next " + n + " loads answer Publish Timeout";
            case RESET_MID_BODY -> "the next load's connection is reset mid-body";
            case FE_503 -> "the next " + n + " FE requests get HTTP 503";
            case DEAD_BACKEND_REDIRECT -> "the next FE redirect points at a dead BE";
            case DELAYED_ANSWERS -> "BE answers are delayed by " + delayMillis + " ms until the next fault";
        };
    }

    /** Clears the previous fault and arms this one. */
    void arm(DorisEmulator emu, int n, long delayMillis) {
        emu.faults().clear();
        switch (this) {
            case TOO_MANY_VERSIONS -> emu.faults().failNextLoads(n, "Fail", "[E-235]failed to init rowset builder. too many versions");
            case MEM_LIMIT -> emu.faults().failNextLoads(1, "Fail", "[MEM_LIMIT_EXCEEDED]PreCatch error code:11, memory limit exceeded");
            case RESET_AFTER_COMMIT -> emu.faults().resetAfterCommit(1);
            case PUBLISH_TIMEOUT -> emu.faults().publishTimeoutNext(n);
            case RESET_MID_BODY -> emu.faults().resetMidBody(1);
            case FE_503 -> emu.faults().feServerError(n, 503);
            case DEAD_BACKEND_REDIRECT -> emu.faults().redirectToDeadBackend(1);
            case DELAYED_ANSWERS -> emu.faults().delayResponses(Duration.ofMillis(delayMillis));
        }
    }
}
