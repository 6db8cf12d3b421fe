package io.doriscdc.runtime.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.TableId;
import java.util.List;
import java.util.Set;
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
        assertThat(SnapshotJob.reconcile(plan, List.of(new TableStorage(T, false, 100, 12)), Set.of()).unchanged()).isTrue();
    }

    @Test
    void onlyARewrittenRelationWithRangesLeftIsPlannedAgainAndAGoneLeafIsNotCopied() {
        List<SnapshotStore.Planned> plan = List.of(planned(LEAF_A, 1, 100, true), planned(LEAF_A, 1, 100, false),
                planned(LEAF_B, 2, 200, true));
        var rewritten = SnapshotJob.reconcile(plan, List.of(new TableStorage(LEAF_A, true, 101, 12), new TableStorage(LEAF_B, true, 201, 3)),
                Set.of(LEAF_A, LEAF_B));
        assertThat(rewritten.replanned()).extracting(TableStorage::relation).as("t_b was copied whole before its rewrite").containsExactly(LEAF_A);
        assertThat(String.join("; ", rewritten.reasons())).contains("public.t_a was rewritten (relfilenode 100 -> 101").doesNotContain("t_b");
        var gone = SnapshotJob.reconcile(plan, List.of(new TableStorage(LEAF_B, true, 200, 3)), Set.of(LEAF_B));
        assertThat(gone.dropped()).containsExactly(LEAF_A);
        assertThat(gone.replanned()).isEmpty();
        assertThat(String.join("; ", gone.reasons())).contains("public.t_a no longer holds rows");
    }

    @Test
    void aLeafAttachedAfterAFreshPlanIsPlannedButNotWhenPartOfTheCopyIsDone() {
        TableId leafC = TableId.of("public", "t_c");
        List<TableStorage> now = List.of(new TableStorage(LEAF_A, true, 100, 1), new TableStorage(LEAF_B, true, 200, 1),
                new TableStorage(leafC, true, 300, 1));
        var fresh = SnapshotJob.reconcile(List.of(planned(LEAF_A, 1, 100, false), planned(LEAF_B, 2, 200, false)), now, Set.of());
        assertThat(fresh.replanned()).extracting(TableStorage::relation).containsExactly(leafC);
        assertThat(String.join("; ", fresh.reasons())).contains("public.t_c was attached");
        // a leaf copied after its ATTACH: the other leaves are copied or streamed already
        var attachCopy = SnapshotJob.reconcile(List.of(planned(LEAF_A, 1, 100, true), planned(LEAF_B, 2, 200, false)), now, Set.of());
        assertThat(attachCopy.unchanged()).isTrue();
        assertThat(SnapshotJob.reconcile(List.of(planned(T, 0, -1, false)), List.of(new TableStorage(T, false, 100, 1)), Set.of()).reasons())
                .anyMatch(r -> r.contains("predates relfilenode tracking"));
    }

    @Test
    void aLeafAttachedAfterTheSnapshotKeepsItsRangesForTheCopyItsAttachStarted() {
        // the leaf's ATTACH came after this job's snapshot; its own copy, under a later snapshot, is queued
        List<SnapshotStore.Planned> plan = List.of(planned(LEAF_A, 1, 100, true), planned(LEAF_B, 2, 200, false));
        var r = SnapshotJob.reconcile(plan, List.of(new TableStorage(LEAF_A, true, 100, 1)), Set.of(LEAF_A, LEAF_B));
        assertThat(r.dropped()).isEmpty();
        assertThat(r.later()).containsExactly(LEAF_B);
        assertThat(r.unchanged()).isTrue();
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
