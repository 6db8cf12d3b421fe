package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {

    private static final ColumnType INT4 = ColumnType.of(23, -1, LogicalType.INT32, "int4");
    private static final ColumnType INT8 = ColumnType.of(20, -1, LogicalType.INT64, "int8");
    private static final ColumnType TEXT = ColumnType.of(25, -1, LogicalType.TEXT, "text");

    private static TableSchema schema(Column... columns) {
        return new TableSchema(TableId.of("public", "t"), 1, ReplicaIdentity.DEFAULT, List.of(columns));
    }

    private static Column col(String name, ColumnType type) {
        return new Column(name, type, name.equals("id"), true);
    }

    @Test
    void namesAddedDroppedRenamedAndRetypedColumns() {
        TableSchema before = schema(col("id", INT4), col("note", TEXT), col("qty", INT4), col("flag", TEXT));
        TableSchema now = schema(col("id", INT4), col("remark", TEXT), col("qty", INT8), col("added", TEXT));
        SchemaDiff d = SchemaDiff.between(before, now, (from, to) -> from.equals("note"));
        assertThat(d.renamed()).isEqualTo(Map.of("note", "remark"));
        assertThat(d.retyped()).extracting(Column::name).containsExactly("qty");
        // flag → added at the last place: the catalog says it is a new attribute, not flag renamed
        assertThat(d.added()).extracting(Column::name).containsExactly("added");
        assertThat(d.dropped()).containsExactly("flag");
        assertThat(d).hasToString("added added text, dropped flag, renamed note to remark, qty now int8");
    }

    @Test
    void aNewNameFollowedByAnOldColumnIsARenameWhateverTheCatalogSays() {
        // read after the catalog renamed it again: the catalog cannot confirm, the position does (qty existed before)
        TableSchema before = schema(col("id", INT4), col("memo", TEXT), col("qty", INT4));
        TableSchema now = schema(col("id", INT4), col("m1", TEXT), col("qty", INT4));
        SchemaDiff d = SchemaDiff.between(before, now, (from, to) -> false);
        assertThat(d.renamed()).isEqualTo(Map.of("memo", "m1"));
        assertThat(d.added()).isEmpty();
        assertThat(d.ambiguous()).isFalse();
        // the last column: only the catalog (or the attribute numbers) can tell
        TableSchema last = schema(col("id", INT4), col("memo", TEXT), col("q2", INT4));
        SchemaDiff l = SchemaDiff.between(before, last, (from, to) -> false);
        assertThat(l.added()).extracting(Column::name).containsExactly("q2");
        assertThat(l.dropped()).containsExactly("qty");
        assertThat(l.ambiguous()).isTrue();
    }

    @Test
    void aRecordedChangeReadsBackAsTheSameDiff() {
        TableSchema before = schema(col("id", INT4), col("note", TEXT), col("qty", INT4), col("flag", TEXT));
        TableSchema now = schema(col("id", INT4), col("re mark\t", TEXT), col("qty", INT8), col("added", TEXT));
        SchemaDiff d = SchemaDiff.between(before, now, (from, to) -> false);
        SchemaLog.Applied applied = new SchemaLog.Applied(io.doriscdc.api.StreamPosition.of(0x10, 3), SchemaLog.entries(d, true));
        assertThat(applied.diff(now)).isEqualTo(d);
        assertThat(applied.firstSight()).isTrue();
        assertThat(new SchemaLog.Applied(applied.position(), SchemaLog.entries(d, false)).firstSight()).isFalse();
    }

    @Test
    void attributeNumbersAreCarriedNamedOrPlacedBetweenKnownOnes() {
        // the catalog after note was renamed to remark, qty_b (9) dropped: the Relation still lists both old names
        List<Attnums.Attribute> catalog = List.of(new Attnums.Attribute(1, "id"), new Attnums.Attribute(2, "memo"),
                new Attnums.Attribute(3, null), new Attnums.Attribute(4, "remark"));
        TableSchema old = schema(col("id", INT4), col("memo", TEXT), col("qty_b", INT4), col("note", TEXT));
        assertThat(Attnums.of(old, Map.of(), catalog)).isEqualTo(Map.of("id", 1, "memo", 2, "qty_b", 3, "note", 4));
        // once qty_b is dropped, note's number is carried; without it, two attributes after memo for one column tell nothing
        TableSchema dropped = schema(col("id", INT4), col("memo", TEXT), col("note", TEXT));
        SchemaDiff d = SchemaDiff.between(old, dropped, (a, b) -> false);
        assertThat(Attnums.of(dropped, Attnums.carried(Attnums.of(old, Map.of(), catalog), d), catalog)).containsEntry("note", 4);
        assertThat(Attnums.of(dropped, Map.of(), catalog)).doesNotContainKey("note");
        // dropped and added instead (note 4 dropped, remark 5): the numbers differ
        List<Attnums.Attribute> added = List.of(new Attnums.Attribute(1, "id"), new Attnums.Attribute(2, "memo"),
                new Attnums.Attribute(3, null), new Attnums.Attribute(4, null), new Attnums.Attribute(5, "remark"));
        assertThat(Attnums.of(old, Map.of(), added)).doesNotContainKeys("qty_b", "note");
        assertThat(Attnums.carried(Map.of("a", 1, "b", 2), new SchemaDiff(List.of(), List.of("a"), Map.of("b", "c"), List.of())))
                .isEqualTo(Map.of("c", 2));
    }

    @Test
    void sameColumnsAreNoChange() {
        TableSchema s = schema(col("id", INT4), col("v", TEXT));
        assertThat(SchemaDiff.between(s, s, (a, b) -> true).isEmpty()).isTrue();
    }

    @Test
    void dorisWideningFollowsItsConversionRules() {
        assertThat(SchemaPlan.widens("INT", "BIGINT")).isTrue();
        assertThat(SchemaPlan.widens("BIGINT", "INT")).isFalse();
        assertThat(SchemaPlan.widens("VARCHAR(40)", "VARCHAR(400)")).isTrue();
        assertThat(SchemaPlan.widens("VARCHAR(400)", "VARCHAR(40)")).isFalse();
        assertThat(SchemaPlan.widens("DECIMAL(10,2)", "DECIMAL(20,2)")).isTrue();
        assertThat(SchemaPlan.widens("DECIMAL(10,2)", "DECIMAL(20,3)")).isFalse();
        assertThat(SchemaPlan.widens("FLOAT", "DOUBLE")).isTrue();
        assertThat(SchemaPlan.widens("INT", "STRING")).isTrue();
        assertThat(SchemaPlan.widens("DATETIME(6)", "STRING")).isFalse();
        assertThat(SchemaPlan.widens("STRING", "INT")).isFalse();
        assertThat(SchemaPlan.normalized("decimalv3(38, 10)")).isEqualTo("DECIMAL(38,10)");
    }

    @Test
    void atFirstSightOnlyAWideningWithinAPlainTypesFamilyIsMade() {
        var int8 = new io.doriscdc.runtime.doris.PgColumn("q", "int8", "bigint", 'N', false, false);
        var domain = new io.doriscdc.runtime.doris.PgColumn("k", "d_key", "d_key", 'S', true, true);
        var varchar = new io.doriscdc.runtime.doris.PgColumn("v", "varchar", "character varying(30)", 'S', false, false);
        assertThat(SchemaPlan.widensOwnType("INT", "BIGINT", int8)).isTrue();
        assertThat(SchemaPlan.widensOwnType("VARCHAR(8)", "VARCHAR(65533)", domain)).as("a domain the creator maps loosely").isFalse();
        assertThat(SchemaPlan.widensOwnType("VARCHAR(32)", "VARCHAR(120)", varchar)).isTrue();
        assertThat(SchemaPlan.widensOwnType("BOOLEAN", "STRING", domain)).as("never to STRING").isFalse();
    }
}
