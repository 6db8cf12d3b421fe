package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.Lsn;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

    private static Lsn l(long v) {
        return Lsn.of(v);
    }

    private final AckTracker ack = new AckTracker(l(100));

    @Test
    void startsAtTheSlotPosition() {
        assertThat(ack.safe()).isEqualTo(l(100));
    }

    @Test
    void aRoutedTransactionWithoutPendingDataIsAcknowledgedToItsEnd() {
        ack.routed(l(200), l(210));
        assertThat(ack.safe()).isEqualTo(l(210));
    }

    @Test
    void neverPassesATransactionWhoseChangesAreNotCommittedInDoris() {
        ack.hold(l(200));
        ack.routed(l(200), l(210));
        ack.routed(l(300), l(310));
        assertThat(ack.safe()).isEqualTo(l(100));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(310));
    }

    @Test
    void aBatchHoldingALaterCommitStopsAtTheCommitBeforeIt() {
        ack.hold(l(200));            // table A, txn 200
        ack.routed(l(200), l(210));
        ack.hold(l(300));            // table B, txn 300
        ack.routed(l(300), l(310));
        ack.routed(l(400), l(410));
        ack.release(l(200));         // A committed in Doris, B not yet
        assertThat(ack.safe()).isEqualTo(l(210));
        ack.release(l(300));
        assertThat(ack.safe()).isEqualTo(l(410));
    }

    @Test
    void twoHoldsAtOneCommitNeedTwoReleases() {
        ack.hold(l(200));
        ack.hold(l(200));
        ack.routed(l(200), l(210));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(100));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(210));
    }

    @Test
    void aTransactionNotYetFullyRoutedIsNotAcknowledgedEvenWithoutHolds() {
        ack.hold(l(200));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(100));
        ack.routed(l(200), l(210));
        assertThat(ack.safe()).isEqualTo(l(210));
    }

    @Test
    void neverMovesBackwards() {
        ack.routed(l(200), l(210));
        assertThat(ack.safe()).isEqualTo(l(210));
        ack.hold(l(150));
        assertThat(ack.safe()).isEqualTo(l(210));
    }

    @Test
    void comparesLsnsUnsigned() {
        AckTracker high = new AckTracker(l(0));
        high.hold(l(0x8000_0000_0000_0000L));
        high.routed(l(0x7000_0000_0000_0000L), l(0x7000_0000_0000_0010L));
        high.routed(l(0x8000_0000_0000_0000L), l(0x8000_0000_0000_0010L));
        assertThat(high.safe()).isEqualTo(l(0x7000_0000_0000_0010L));
    }

    @Test
    void releasingAHoldNeverTakenIsABug() {
        assertThatThrownBy(() -> ack.release(l(5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHoldThatLastsKeepsOneRoutedTransactionPerGapNotOnePerCommit() {
        // a FAILED table holds the slot for good while PostgreSQL 14 sends an empty transaction per commit
        ack.hold(l(200));
        for (long c = 300; c < 300 + 100_000; c++) {
            ack.routed(l(c), l(c + 1));
        }
        assertThat(ack.queued()).isLessThanOrEqualTo(2);
        assertThat(ack.safe()).isEqualTo(l(100));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(300 + 100_000));
    }

    @Test
    void coalescingKeepsTheLastCommitBeforeEachHold() {
        ack.routed(l(150), l(160));
        ack.hold(l(200));
        ack.routed(l(200), l(210));
        ack.routed(l(250), l(260));
        ack.hold(l(300));
        ack.routed(l(300), l(310));
        assertThat(ack.safe()).isEqualTo(l(160));
        ack.release(l(200));
        assertThat(ack.safe()).isEqualTo(l(260));
        ack.release(l(300));
        assertThat(ack.safe()).isEqualTo(l(310));
    }

    @Test
    void aKeepaliveMovesAnIdleSlotOnlyWhenNothingIsPending() {
        ack.hold(l(200));
        ack.routed(l(200), l(210));
        assertThat(ack.idleAt(l(5000))).isFalse();
        assertThat(ack.safe()).isEqualTo(l(100));
        ack.release(l(200));
        assertThat(ack.idleAt(l(5000))).isTrue();
        assertThat(ack.safe()).isEqualTo(l(5000));
        assertThat(ack.idleAt(l(4000))).as("never backwards").isFalse();
        assertThat(ack.safe()).isEqualTo(l(5000));
    }
}
