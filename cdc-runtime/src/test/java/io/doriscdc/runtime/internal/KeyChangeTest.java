package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.runtime.TableRoute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a Relation message's key flags mean the key changed (issue 23 #14), and when they do not. */
class KeyChangeTest {

    private static final TableRuntime KEYED_ON_ID = new TableRuntime(TableRoute.of("public.t", "db", "t"), List.of("id"));
    private static final StreamPosition AT = new StreamPosition(Lsn.of(100), 1);

    private static TableSchema schema(ReplicaIdentity identity, List<String> names, String... keys) {
        List<Column> columns = new ArrayList<>();
        for (String n : names) {
            columns.add(new Column(n, ColumnType.of(23, -1, LogicalType.INT32, "int4"), List.of(keys).contains(n), true));
        }
        return new TableSchema(TableId.of("public", "t"), 1, identity, columns);
    }

    @Test
    void theSameKeyIsNoChange() {
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.DEFAULT, List.of("id", "other"), "id"), AT)).isNull();
    }

    @Test
    void anotherPrimaryKeyOrIndexIsAChange() {
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.DEFAULT, List.of("id", "other"), "other"), AT))
                .contains("keyed on (id)").contains("(other)").contains("UNIQUE KEY(`other`)");
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.INDEX, List.of("id", "other"), "id", "other"), AT))
                .contains("(id, other)");
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.DEFAULT, List.of("id", "other")), AT)).contains("no key");
    }

    @Test
    void fullIdentityAndARenamedKeyColumnAreNotJudgedHere() {
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.FULL, List.of("id", "other"), "id", "other"), AT)).isNull();
        assertThat(KeyChange.of(KEYED_ON_ID, schema(ReplicaIdentity.DEFAULT, List.of("ident", "other"), "ident"), AT)).isNull();
    }
}
