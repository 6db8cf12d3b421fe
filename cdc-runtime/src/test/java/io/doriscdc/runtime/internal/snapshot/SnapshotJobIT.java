package io.doriscdc.runtime.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.BatchEncoder;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.EncodedBatch;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.value.Row;
import io.doriscdc.runtime.internal.control.ControlPlane;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A copy job against real PostgreSQL, with a transport that fails the way a JVM can: an Error in a copier thread. */
@PostgresTest
class SnapshotJobIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final TableId T = TableId.of("public", "doomed");

    @Test
    void aCopierThatDiesOfAnErrorFailsTheCopyAndLeavesItsRangesPending() throws Exception {
        PG.execute("CREATE TABLE doomed (id int PRIMARY KEY, v text)", "INSERT INTO doomed SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
        try (Connection c = PG.connect()) {
            ControlPlane.install(c);
            SnapshotStore store = new SnapshotStore(c, "doomed");
            int planned = store.plan(c, T, 16).size();
            assertThat(planned).isGreaterThan(1);
            TableMapping mapping = new TableMapping(CatalogSchema.load(c, T, List.of("id")), DorisTableId.of("db", "doomed"));
            SnapshotProgress progress = new SnapshotProgress(5000);
            List<TableId> done = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExportedSnapshot snapshot = ExportedSnapshot.createSlot(PG.connectReplication(),
                    new io.doriscdc.runtime.internal.slot.SlotCommand("doomed_tmp", PG.majorVersion(), true, true, false));
            SnapshotJob job = new SnapshotJob(List.of(new SnapshotJob.Target(mapping, progress)), new OutOfMemoryTransport(), store, "cdc", 2,
                    1000, 4L << 20, 16);
            assertThatThrownBy(() -> job.run(snapshot, PG::connect, snapshot::close, done::add, id -> { }))
                    .isInstanceOf(CdcException.class).hasMessageContaining("died of java.lang.OutOfMemoryError: injected")
                    .hasMessageContaining("resumed at the next start");
            assertThat(done).as("tables reported copied").isEmpty();
            assertThat(store.pending(T)).hasSize(planned);
        }
    }

    /** Its encoders run out of memory on the first row. */
    private static final class OutOfMemoryTransport implements Transport {
        @Override
        public String scheme() {
            return "oom";
        }

        @Override
        public BatchEncoder newEncoder(TableMapping mapping) {
            return new BatchEncoder() {
                @Override
                public void upsert(Row row, StreamPosition version) {
                    throw new OutOfMemoryError("injected");
                }

                @Override
                public void delete(Row row, StreamPosition version) {
                    throw new OutOfMemoryError("injected");
                }

                @Override
                public int rowCount() {
                    return 0;
                }

                @Override
                public long byteCount() {
                    return 0;
                }

                @Override
                public EncodedBatch finish() {
                    throw new IllegalStateException("nothing was encoded");
                }
            };
        }

        @Override
        public CompletableFuture<DeliveryReceipt> deliver(Batch batch) {
            throw new IllegalStateException("nothing is delivered");
        }

        @Override
        public void close() {
        }
    }
}
