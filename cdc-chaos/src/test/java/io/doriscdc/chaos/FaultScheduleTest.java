package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void theSameSeedPlansTheSameFaultsAndAnotherSeedOthers() {
        FaultSchedule a = FaultSchedule.plan(ChaosSettings.ci(42));
        assertThat(FaultSchedule.plan(ChaosSettings.ci(42))).isEqualTo(a);
        assertThat(FaultSchedule.plan(ChaosSettings.ci(43))).isNotEqualTo(a);
    }

    @Test
    void theBuildProfilePlansKillsFaultsAndOneRestartWithinTheLoad() {
        ChaosSettings s = ChaosSettings.ci(7);
        FaultSchedule plan = FaultSchedule.plan(s);
        assertThat(plan.count(PlannedFault.PgRestart.class)).isEqualTo(1);
        assertThat(plan.count(PlannedFault.Kill.class)).isBetween(100 / 13L - 1, 100 / 5L);
        assertThat(plan.count(PlannedFault.DorisFault.class)).isGreaterThan(5);
        assertThat(plan.faults()).allSatisfy(f -> assertThat(f.atMillis()).isBetween(0L, s.load().toMillis() - 1));
        assertThat(plan.faults()).isSortedAccordingTo(java.util.Comparator.comparingLong(PlannedFault::atMillis));
    }

    @Test
    void faultsThatAreOffAreNotPlanned() {
        ChaosSettings s = ChaosSettings.ci(7).toBuilder().kills(false).dorisFaults(false).pgRestartEvery(Duration.ZERO).build();
        assertThat(FaultSchedule.plan(s).faults()).isEmpty();
    }
}
