package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelationCacheTest {

    private static RelationMessage relation(int... typeOids) {
        RelationMessage.RelationColumn[] cols = new RelationMessage.RelationColumn[typeOids.length];
        for (int i = 0; i < typeOids.length; i++) {
            cols[i] = new RelationMessage.RelationColumn(i == 0 ? 1 : 0, "c" + i, typeOids[i], i == 1 ? 786438 : -1);
        }
        return new RelationMessage(0, 500, "public", "t", ReplicaIdentity.DEFAULT, List.of(cols));
    }

    @Test
    void buildsSchemaWithKeyFlagsTypmodsAndBuiltInFamilies() {
        TableSchema s = new RelationCache().apply(relation(23, 1700, 1007));
        assertThat(s.id()).isEqualTo(TableId.of("public", "t"));
        assertThat(s.column(0).key()).isTrue();
        assertThat(s.column(1).type().numericPrecision()).isEqualTo(12);
        assertThat(s.column(1).type().numericScale()).isEqualTo(2);
        assertThat(s.column(2).type().logical()).isEqualTo(LogicalType.ARRAY);
        assertThat(s.column(2).type().element().logical()).isEqualTo(LogicalType.INT32);
    }

    @Test
    void domainOverABuiltInTypeTakesItsBaseFamily() {
        RelationCache cache = new RelationCache();
        cache.apply(new TypeMessage(0, 16390, "", "int4"));
        assertThat(cache.apply(relation(16390)).column(0).type().logical()).isEqualTo(LogicalType.INT32);
        assertThat(cache.resolve(16390).oid()).isEqualTo(16390);
    }

    @Test
    void declaredEnumsAndTheirArraysAreReadableUndeclaredUserTypesAreNot() {
        RelationCache cache = new RelationCache();
        cache.declareEnum(16386);
        cache.apply(new TypeMessage(0, 16386, "public", "mood"));
        cache.apply(new TypeMessage(0, 16385, "public", "_mood"));
        cache.apply(new TypeMessage(0, 16400, "public", "hstore"));
        assertThat(cache.resolve(16386).logical()).isEqualTo(LogicalType.ENUM);
        assertThat(cache.resolve(16385).element().logical()).isEqualTo(LogicalType.ENUM);
        assertThat(PgTypes.binaryReadable(cache.resolve(16385))).isTrue();
        assertThat(PgTypes.binaryReadable(cache.resolve(16400))).isFalse();
    }

    @Test
    void binaryReadableIsFalseForOtherAndUnknownTypes() {
        assertThat(PgTypes.binaryReadable(1700)).isTrue();
        assertThat(PgTypes.binaryReadable(1231)).isTrue();  // numeric[]
        assertThat(PgTypes.binaryReadable(600)).isFalse();  // point
        assertThat(PgTypes.binaryReadable(3904)).isFalse(); // int4range
        assertThat(PgTypes.binaryReadable(1020)).isFalse(); // box[]
        assertThat(PgTypes.binaryReadable(99999)).isFalse();
    }

    @Test
    void unknownRelationNamesItsOid() {
        assertThatThrownBy(() -> new RelationCache().schema(4242))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("relation OID 4242");
    }
}
