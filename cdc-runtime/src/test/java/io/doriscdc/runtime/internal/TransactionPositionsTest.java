package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionPositionsTest {

    private static final TableRuntime A = table("public.a", "a");
    private static final TableRuntime B = table("public.b", "b");
    private static final Lsn T1 = Lsn.parse("0/16B3748");
    private static final Lsn T2 = Lsn.parse("0/16B9000");

    private static TableRuntime table(String source, String target) {
        return new TableRuntime(TableRoute.of(source, "db", target), List.of("id"));
    }

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
        // the same transaction read twice: once with only a's changes published, once with b's and an unmapped table's between
        TransactionPositions alone = new TransactionPositions();
        alone.begin(T1);
        StreamPosition first = alone.next(A);
        StreamPosition second = alone.next(A);
        TransactionPositions joined = new TransactionPositions();
        joined.begin(T1);
        joined.next(B);
        joined.nextUnmapped(TableId.of("public", "x"));
        assertThat(joined.next(A)).isEqualTo(first);
        joined.next(B);
        joined.nextUnmapped(TableId.of("public", "a")); // even under a's own name: a table no route maps is not a's Doris table
        assertThat(joined.next(A)).isEqualTo(second);
    }

    @Test
    void tablesLoadedIntoOneDorisTableShareItsCount() {
        // a Doris table's labels and versions must stay distinct whichever source table a change came from
        TableRuntime other = table("public.a_archive", "a");
        TransactionPositions p = new TransactionPositions();
        p.begin(T1);
        assertThat(p.next(A)).isEqualTo(new StreamPosition(T1, 1));
        assertThat(p.next(other)).isEqualTo(new StreamPosition(T1, 2));
        assertThat(p.peek(A)).isEqualTo(new StreamPosition(T1, 3));
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
