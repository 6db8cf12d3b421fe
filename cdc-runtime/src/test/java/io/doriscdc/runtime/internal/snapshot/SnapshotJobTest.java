package io.doriscdc.runtime.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotJobTest {

    private static final long MIB = 1L << 20;
    private static final TableId T = TableId.of("public", "t");
    private static final TableId LEAF_A = TableId.of("public", "t_a");
    private static final TableId LEAF_B = TableId.of("public", "t_b");

    @Test
    void copyBatchesShareTheMemoryBudgetAmongTwoBatchesPerCopierInBuffersOfUpToTwiceTheirSize() {
        assertThat(SnapshotJob.batchBytes(256 * MIB, 2, 64 * MIB)).isEqualTo(32 * MIB);
        assertThat(SnapshotJob.batchBytes(256 * MIB, 4, 64 * MIB)).isEqualTo(16 * MIB);
        assertThat(SnapshotJob.batchBytes(1024 * MIB, 2, 64 * MIB)).as("never above batch.max-bytes").isEqualTo(64 * MIB);
        assertThat(SnapshotJob.batchBytes(16 * MIB, 4, 64 * MIB)).as("at least a few MiB").isEqualTo(4 * MIB);
        assertThat(SnapshotJob.batchBytes(256 * MIB, 2, MIB)).as("a smaller batch.max-bytes wins").isEqualTo(MIB);
    }

    @Test
    void aPlanMatchesRelationsWithTheSameRelfilenodes() {
        List<SnapshotStore.Planned> plan = List.of(planned(T, 0, 100, true), planned(T, 0, 100, false));
        assertThat(SnapshotJob.changes(plan, List.of(new TableStorage(T, false, 100, 12)))).isNull();
    }

    @Test
    void aRewrittenRelationANewLeafAndAGoneLeafAreChanges() {
        List<SnapshotStore.Planned> plan = List.of(planned(LEAF_A, 1, 100, true), planned(LEAF_B, 2, 200, false));
        assertThat(SnapshotJob.changes(plan, List.of(new TableStorage(LEAF_A, true, 101, 12), new TableStorage(LEAF_B, true, 200, 3))))
                .contains("public.t_a was rewritten (relfilenode 100 -> 101").doesNotContain("t_b");
        assertThat(SnapshotJob.changes(plan, List.of(new TableStorage(LEAF_A, true, 100, 12))))
                .contains("public.t_b no longer holds rows");
        TableId leafC = TableId.of("public", "t_c");
        assertThat(SnapshotJob.changes(plan, List.of(new TableStorage(LEAF_A, true, 100, 1), new TableStorage(LEAF_B, true, 200, 1),
                new TableStorage(leafC, true, 300, 1)))).contains("public.t_c was attached");
        assertThat(SnapshotJob.changes(List.of(planned(T, 0, -1, true)), List.of(new TableStorage(T, false, 100, 1))))
                .contains("predates relfilenode tracking");
    }

    @Test
    void rangesOfDifferentLeavesNeverShareALabelNumber() {
        CopyRange own = new CopyRange(T, 4096, 8192);
        CopyRange first = new CopyRange(T, LEAF_A, 1, 4096, 8192);
        CopyRange second = new CopyRange(T, LEAF_B, 2, 4096, -1);
        assertThat(own.labelBlock()).isEqualTo(4096);
        assertThat(List.of(own.labelBlock(), first.labelBlock(), second.labelBlock())).doesNotHaveDuplicates();
        assertThat(second.describe()).isEqualTo("public.t (leaf public.t_b) blocks 4096..end");
    }

    private static SnapshotStore.Planned planned(TableId relation, int leaf, long filenode, boolean done) {
        return new SnapshotStore.Planned(new CopyRange(T, relation, leaf, 0, -1), filenode, done);
    }
}
