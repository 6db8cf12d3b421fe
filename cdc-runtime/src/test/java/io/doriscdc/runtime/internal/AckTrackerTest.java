package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AckTrackerTest {

    private final AckTracker ack = new AckTracker(100);

    @Test
    void startsAtTheSlotPosition() {
        assertThat(ack.safeLsn()).isEqualTo(100);
    }

    @Test
    void aRoutedTransactionWithoutPendingDataIsAcknowledgedToItsEnd() {
        ack.routed(200, 210);
        assertThat(ack.safeLsn()).isEqualTo(210);
    }

    @Test
    void neverPassesATransactionWhoseChangesAreNotCommittedInDoris() {
        ack.hold(200);
        ack.routed(200, 210);
        ack.routed(300, 310);
        assertThat(ack.safeLsn()).isEqualTo(100);
        ack.release(200);
        assertThat(ack.safeLsn()).isEqualTo(310);
    }

    @Test
    void aBatchHoldingALaterCommitStopsAtTheCommitBeforeIt() {
        ack.hold(200);            // table A, txn 200
        ack.routed(200, 210);
        ack.hold(300);            // table B, txn 300
        ack.routed(300, 310);
        ack.routed(400, 410);
        ack.release(200);         // A committed in Doris, B not yet
        assertThat(ack.safeLsn()).isEqualTo(210);
        ack.release(300);
        assertThat(ack.safeLsn()).isEqualTo(410);
    }

    @Test
    void twoHoldsAtOneCommitNeedTwoReleases() {
        ack.hold(200);
        ack.hold(200);
        ack.routed(200, 210);
        ack.release(200);
        assertThat(ack.safeLsn()).isEqualTo(100);
        ack.release(200);
        assertThat(ack.safeLsn()).isEqualTo(210);
    }

    @Test
    void aTransactionNotYetFullyRoutedIsNotAcknowledgedEvenWithoutHolds() {
        ack.hold(200);
        ack.release(200);
        assertThat(ack.safeLsn()).isEqualTo(100);
        ack.routed(200, 210);
        assertThat(ack.safeLsn()).isEqualTo(210);
    }

    @Test
    void neverMovesBackwards() {
        ack.routed(200, 210);
        assertThat(ack.safeLsn()).isEqualTo(210);
        ack.hold(150);
        assertThat(ack.safeLsn()).isEqualTo(210);
    }

    @Test
    void comparesLsnsUnsigned() {
        AckTracker high = new AckTracker(0);
        high.hold(0x8000_0000_0000_0000L);
        high.routed(0x7000_0000_0000_0000L, 0x7000_0000_0000_0010L);
        high.routed(0x8000_0000_0000_0000L, 0x8000_0000_0000_0010L);
        assertThat(high.safeLsn()).isEqualTo(0x7000_0000_0000_0010L);
    }

    @Test
    void releasingAHoldNeverTakenIsABug() {
        assertThatThrownBy(() -> ack.release(5)).isInstanceOf(IllegalStateException.class);
    }
}
