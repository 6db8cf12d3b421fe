package io.doriscdc.runtime.internal.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TakeoverTest {

    private static final String SELF = "db-2:77#cafe";
    private static final String APP = "doris-cdc orders";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Observation slot(boolean active, int pid, String app, String holder, double age, boolean holderAlive, int leaseWalsender) {
        return new Observation(active, pid, app, holder != null || leaseWalsender >= 0, holder, holder == null ? 0 : 3, age, holderAlive,
                Math.max(0, leaseWalsender));
    }

    @Test
    void aFreshLeaseOfAnotherInstanceMeansStandingByAndSaysWhoIsActive() {
        Decision d = Takeover.decide(slot(true, 100, APP, "db-1:42#beef", 0.4, true, 100), SELF, 0, TIMEOUT, APP);
        assertThat(d).isInstanceOf(Decision.StandBy.class);
        assertThat(((Decision.StandBy) d).reason()).contains("instance db-1:42 is active").contains("term 3").doesNotContain("beef");
    }

    @Test
    void anExpiredLeaseIsClaimedAndItsWalsenderEnded() {
        Decision d = Takeover.decide(slot(true, 100, APP, "db-1:42#beef", 6.0, true, 100), SELF, 0, TIMEOUT, APP);
        assertThat(d).isEqualTo(new Decision.Claim(100, ((Decision.Claim) d).reason()));
        assertThat(((Decision.Claim) d).reason()).contains("not renewed for 6.0 s");
    }

    @Test
    void aHolderWhoseSessionClosedWhileTheSlotIsIdleIsGoneAtOnce() {
        Decision d = Takeover.decide(slot(false, 0, null, "db-1:42#beef", 0.5, false, 100), SELF, 0, TIMEOUT, APP);
        assertThat(d).isInstanceOf(Decision.Claim.class);
        assertThat(((Decision.Claim) d).terminatePid()).isZero();
    }

    @Test
    void aHolderWhoseSessionClosedButWhoseWalsenderStillStreamsIsNotDeposedBeforeTheTimeout() {
        // the lease session may drop alone (a network blip on that connection): the stream is what counts
        assertThat(Takeover.decide(slot(true, 100, APP, "db-1:42#beef", 0.5, false, 100), SELF, 0, TIMEOUT, APP))
                .isInstanceOf(Decision.StandBy.class);
    }

    @Test
    void aClientThatIsNoInstanceOfThisPipelineIsNeverEnded() {
        Decision expired = Takeover.decide(slot(true, 200, "pg_recvlogical", "db-1:42#beef", 60, false, 100), SELF, 0, TIMEOUT, APP);
        assertThat(expired).isInstanceOf(Decision.StandBy.class);
        assertThat(((Decision.StandBy) expired).reason()).contains("PID 200").contains("pg_recvlogical").contains("stop that client");
        Decision noLease = Takeover.decide(slot(true, 200, APP, null, 0, false, -1), SELF, 0, TIMEOUT, APP);
        assertThat(noLease).isInstanceOf(Decision.StandBy.class);
        assertThat(((Decision.StandBy) noLease).reason()).contains("holds no lease");
    }

    @Test
    void noLeaseAndAnIdleSlotIsClaimed() {
        assertThat(Takeover.decide(slot(false, 0, null, null, 0, false, -1), SELF, 0, TIMEOUT, APP)).isInstanceOf(Decision.Claim.class);
    }

    @Test
    void theHolderKeepsItsLeaseAndEndsALeftoverWalsenderOfThisPipelineButNotItsOwn() {
        assertThat(Takeover.decide(slot(true, 300, APP, SELF, 0.2, true, 300), SELF, 300, TIMEOUT, APP)).isEqualTo(new Decision.Keep(0, null));
        assertThat(Takeover.decide(slot(true, 100, APP, SELF, 0.2, true, 100), SELF, 300, TIMEOUT, APP)).isEqualTo(new Decision.Keep(100, null));
        Decision foreign = Takeover.decide(slot(true, 200, "psql", SELF, 0.2, true, 300), SELF, 300, TIMEOUT, APP);
        assertThat(((Decision.Keep) foreign).terminatePid()).isZero();
        assertThat(((Decision.Keep) foreign).note()).contains("PID 200");
    }

    @Test
    void aReleasedLeaseIsClaimedAtTheNextLook() {
        assertThat(Takeover.decide(slot(false, 0, null, null, 0.1, true, 0), SELF, 0, TIMEOUT, APP)).isInstanceOf(Decision.Claim.class);
    }
}
