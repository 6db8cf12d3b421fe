package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import org.junit.jupiter.api.Test;

class TransactionPositionsTest {

    private static final TableId A = TableId.of("public", "a");
    private static final TableId B = TableId.of("public", "b");
    private static final Lsn T1 = Lsn.parse("0/16B3748");
    private static final Lsn T2 = Lsn.parse("0/16B9000");

    @Test
    void eachTableCountsOnlyItsOwnChanges() {
        TransactionPositions p = new TransactionPositions();
        p.begin(T1);
        assertThat(p.next(A)).isEqualTo(new StreamPosition(T1, 1));
        assertThat(p.next(B)).isEqualTo(new StreamPosition(T1, 1));
        assertThat(p.next(A)).isEqualTo(new StreamPosition(T1, 2));
        assertThat(p.next(B)).isEqualTo(new StreamPosition(T1, 2));
        assertThat(p.next(B)).isEqualTo(new StreamPosition(T1, 3));
        assertThat(p.next(A)).isEqualTo(new StreamPosition(T1, 3));
    }

    @Test
    void aTableThatJoinsWhatIsReadMovesNoOtherTablesPosition() {
        // the same transaction read twice: once with only a's changes published, once with b's between them
        TransactionPositions alone = new TransactionPositions();
        alone.begin(T1);
        StreamPosition first = alone.next(A);
        StreamPosition second = alone.next(A);
        TransactionPositions joined = new TransactionPositions();
        joined.begin(T1);
        joined.next(B);
        assertThat(joined.next(A)).isEqualTo(first);
        joined.next(B);
        joined.next(B);
        assertThat(joined.next(A)).isEqualTo(second);
    }

    @Test
    void aColumnChangeStandsAtTheTablesNextChangeWithoutCountingIt() {
        TransactionPositions p = new TransactionPositions();
        p.begin(T1);
        assertThat(p.peek(A)).isEqualTo(new StreamPosition(T1, 1));
        p.next(A);
        p.next(B);
        p.next(B);
        assertThat(p.peek(A)).isEqualTo(new StreamPosition(T1, 2));
        assertThat(p.next(A)).isEqualTo(new StreamPosition(T1, 2));
    }

    @Test
    void everyTransactionCountsFromOneAndLaterTransactionsAreLater() {
        TransactionPositions p = new TransactionPositions();
        p.begin(T1);
        StreamPosition inFirst = null;
        for (int i = 0; i < 5; i++) {
            inFirst = p.next(A);
        }
        p.end();
        assertThat(p.open()).isFalse();
        assertThat(p.last()).isNull();
        p.begin(T2);
        StreamPosition inSecond = p.next(A);
        assertThat(inSecond).isEqualTo(new StreamPosition(T2, 1));
        assertThat(inSecond).isGreaterThan(inFirst);
        assertThat(p.last()).isEqualTo(inSecond);
    }
}
