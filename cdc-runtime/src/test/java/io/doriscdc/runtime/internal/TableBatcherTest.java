package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.value.ObjectRow;
import io.doriscdc.runtime.testing.MemoryTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TableBatcherTest {

    private static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "t"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(23, -1, LogicalType.INT32, "int4"), true, false),
            new Column("v", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true)));
    private static final DorisTableId TARGET = DorisTableId.of("db", "t");

    private final Transport transport = new MemoryTransport.Provider()
            .create(TransportConfig.of(Map.of("store", "batcher-" + System.nanoTime())), PipelineListener.NONE);
    private final TableBatcher batcher = new TableBatcher(new TableMapping(SCHEMA, TARGET), transport, "p", new MemoryBudget(1 << 20));

    private Batch seal() {
        Batch b = batcher.seal().batch();
        batcher.complete();
        return b;
    }

    @Test
    void twoChangesOfOneKeyInOneTransactionSplitOverTwoBatchesConvergeWhicheverIsReplayedLast() throws Exception {
        // one transaction (commit 0/500) updates key 1 twice; a batch boundary falls between the two
        batcher.upsert(ObjectRow.of(SCHEMA, 1, "older"), StreamPosition.of(0x500, 1), 10, 0);
        Batch first = seal();
        batcher.upsert(ObjectRow.of(SCHEMA, 1, "newer"), StreamPosition.of(0x500, 2), 10, 0);
        Batch second = seal();
        assertThat(first.label()).isNotEqualTo(second.label());
        transport.deliver(second).get();
        // after a restart only the first batch is delivered again, under a new label (its boundary moved)
        Batch replayed = new Batch(TARGET, first.label() + "r", first.first(), first.last(), first.payload());
        transport.deliver(replayed).get();
        assertThat(((MemoryTransport) transport).storeRows(TARGET)).containsValue(Map.of("id", "1", "v", "newer"));
    }

    @Test
    void aBatchSpansFromItsFirstToItsLastPositionAcrossOverlappingTransactions() {
        // B committed before A though A's change came first in the WAL: positions follow commit order
        batcher.upsert(ObjectRow.of(SCHEMA, 2, "B"), StreamPosition.of(0x600, 1), 10, 0);
        batcher.upsert(ObjectRow.of(SCHEMA, 1, "A"), StreamPosition.of(0x700, 1), 10, 0);
        Batch b = seal();
        assertThat(b.first()).isEqualTo(StreamPosition.of(0x600, 1));
        assertThat(b.last()).isEqualTo(StreamPosition.of(0x700, 1));
    }

    @Test
    void aPositionBeforeTheLastOneIsABugNamedAsSuch() {
        batcher.upsert(ObjectRow.of(SCHEMA, 1, "a"), StreamPosition.of(0x700, 2), 10, 0);
        assertThatThrownBy(() -> batcher.upsert(ObjectRow.of(SCHEMA, 2, "b"), StreamPosition.of(0x700, 1), 10, 0))
                .hasMessageContaining("must not go back");
    }
    @Test
    void theBudgetCountsWhatPendingChangesHoldThenWhatTheirPayloadHolds() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        TableBatcher b = new TableBatcher(new TableMapping(SCHEMA, TARGET), transport, "p", budget);
        b.upsert(ObjectRow.of(SCHEMA, 1, "a"), StreamPosition.of(0x500, 1), 40, 0);
        b.upsert(ObjectRow.of(SCHEMA, 2, "b"), StreamPosition.of(0x500, 2), 40, 0);
        assertThat(budget.used()).as("message bytes and the objects of each pending change").isEqualTo(2 * (40 + TableBatcher.overheadOf(2)));
        Batch sealed = b.seal().batch();
        assertThat(budget.used()).as("the payload alone while in flight").isEqualTo(sealed.byteCount()).isPositive();
        b.complete();
        assertThat(budget.used()).isZero();
    }

    // pacing (FlushPolicy through the batcher), on a simulated clock: a change every 10 ms for 10 s

    private static final long MS = 1_000_000L;

    /** Loads made by a trickle of one change per 10 ms for 10 s, checked after each change; returns each load's start in ms. */
    private static List<Long> trickle(FlushPolicy policy, boolean idle, List<Long> oldestAgeAtLoad) {
        AtomicLong now = new AtomicLong(1_000_000 * MS);
        Transport t = new MemoryTransport.Provider().create(TransportConfig.of(Map.of("store", "pacing-" + System.nanoTime())), PipelineListener.NONE);
        TableBatcher b = new TableBatcher(new TableMapping(SCHEMA, TARGET), t, "p", new MemoryBudget(1 << 20), now::get);
        List<Long> loads = new ArrayList<>();
        long firstAdded = 0;
        for (int i = 0; i < 1_000; i++) {
            if (b.isEmpty()) {
                firstAdded = now.get();
            }
            b.upsert(ObjectRow.of(SCHEMA, i, "v"), StreamPosition.of(0x1000 + i, 1), 10, 0);
            if (b.due(policy, idle, now.get())) {
                oldestAgeAtLoad.add((now.get() - firstAdded) / MS);
                b.seal();
                b.complete(); // Doris commits at once
                loads.add(i * 10L);
            }
            now.addAndGet(10 * MS);
        }
        return loads;
    }

    @Test
    void aTrickleOnAnIdleStreamLoadsItsFirstChangeAtOnceThenAtMostTheConfiguredLoadsPerSecond() {
        List<Long> ages = new ArrayList<>();
        List<Long> loads = trickle(new FlushPolicy(200_000, 64 << 20, 64 << 20, 1_000 * MS, 500 * MS), true, ages); // 2 loads/s
        assertThat(loads).as("ms of each load").startsWith(0L, 500L, 1_000L).hasSize(20);
        assertThat(ages).as("no change waited past the load interval").allMatch(a -> a <= 500);
    }

    @Test
    void aTrickleOnABusyStreamLoadsByMaxAgeOnly() {
        List<Long> ages = new ArrayList<>();
        List<Long> loads = trickle(new FlushPolicy(200_000, 64 << 20, 64 << 20, 1_000 * MS, 100 * MS), false, ages);
        assertThat(loads).as("ms of each load: the first change waits for the max age too").startsWith(1_000L, 2_010L).hasSize(9);
        assertThat(ages).containsOnly(1_000L);
    }

    @Test
    void aFullBatchGoesOutWithoutWaitingForTheLoadInterval() {
        List<Long> loads = trickle(new FlushPolicy(30, 64 << 20, 64 << 20, 1_000 * MS, 5_000 * MS), true, new ArrayList<>());
        assertThat(loads).as("ms of each load: the first at once, then every 30 changes (300 ms)").startsWith(0L, 300L, 600L).hasSize(34);
    }
}
