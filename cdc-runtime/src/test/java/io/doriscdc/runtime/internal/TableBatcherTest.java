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
import java.util.List;
import java.util.Map;
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
}
