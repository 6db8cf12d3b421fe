package io.doriscdc.pgoutput.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.value.Row;
import io.doriscdc.pgoutput.InsertMessage;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.PgOutputSession;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.RowAgreement;
import io.doriscdc.pgoutput.TypeMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row captured from real servers, copied into an {@link io.doriscdc.api.value.ObjectRow} (as
 * the runtime does for unchanged-TOAST fill and key-change re-select), reads exactly as the lazy
 * row does: the edge values of the workload include PostgreSQL's lowest and highest dates and
 * timestamps and ±infinity.
 */
class GoldenObjectRowTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 15, 16, 17, 18})
    void everyCapturedRowReadsTheSameFromADetachedCopy(int major) {
        GoldenSet set = GoldenSet.load(major);
        assertThat(set).as("golden set for PostgreSQL %d", major).isNotNull();
        List<String> bad = new ArrayList<>();
        int rows = 0;
        for (boolean binary : new boolean[] {false, true}) {
            PgOutputSession session = new PgOutputSession();
            RelationCache cache = new RelationCache();
            for (String oid : set.info().getOrDefault("enum_oids", "").split(",")) {
                if (!oid.isBlank()) {
                    cache.declareEnum(Integer.parseInt(oid.trim()));
                }
            }
            for (GoldenSet.Captured c : binary ? set.binary() : set.text()) {
                PgOutputMessage m = session.next(ByteBuffer.wrap(c.data()), Lsn.parse(c.lsn()));
                if (m instanceof RelationMessage r) {
                    cache.apply(r);
                } else if (m instanceof TypeMessage t) {
                    cache.apply(t);
                } else if (m instanceof InsertMessage ins && cache.schema(ins.relationId()).id().name().startsWith("v_")) {
                    Row row = ins.newTuple().row(cache.schema(ins.relationId()));
                    String where = (binary ? "binary " : "text ") + row.schema().id().name() + " id " + row.getLong(0);
                    try {
                        bad.addAll(RowAgreement.of(row, where));
                        rows++;
                    } catch (DecodeException unreadableBinaryOfAnOtherType) {
                        // no value to copy: such rows fail before any ObjectRow exists
                    }
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(rows).as("rows compared").isGreaterThan(20);
    }
}
