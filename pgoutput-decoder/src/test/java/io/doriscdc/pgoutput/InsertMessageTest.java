package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.value.Row;
import io.doriscdc.api.value.ValueState;
import org.junit.jupiter.api.Test;

class InsertMessageTest {

    @Test
    void decodesRelationAndNewTupleReadThroughTheCache() {
        RelationCache cache = new RelationCache();
        cache.apply((RelationMessage) RelationMessageTest.users().decode());
        InsertMessage ins = (InsertMessage) Wire.msg('I').i32(16385).i8('N').i16(2).text("42").text("ann").decode();
        Row row = ins.newTuple().row(cache.schema(ins.relationId()));
        assertThat(row.getLong(0)).isEqualTo(42);
        assertThat(row.getString(1)).isEqualTo("ann");
        assertThat(row.getObject(0)).isEqualTo(42);
    }

    @Test
    void keepsNullUnchangedToastTextAndBinaryApart() {
        InsertMessage ins = (InsertMessage) Wire.msg('I').i32(1).i8('N').i16(4).i8('n').i8('u').text("x").binary(new byte[] {1}).decode();
        assertThat(ins.newTuple().state(0)).isEqualTo(ValueState.NULL);
        assertThat(ins.newTuple().state(1)).isEqualTo(ValueState.UNCHANGED_TOAST);
        assertThat(ins.newTuple().kind(2)).isEqualTo('t');
        assertThat(ins.newTuple().kind(3)).isEqualTo('b');
    }

    @Test
    void insideAStreamCarriesTheXid() {
        assertThat(((InsertMessage) Wire.msg('I').i32(555).i32(1).i8('N').i16(0).decodeInStream()).xid()).isEqualTo(555);
    }

    @Test
    void lengthPastTheEndIsAnErrorWithItsOffset() {
        assertThatThrownBy(() -> Wire.msg('I').i32(1).i8('N').i16(1).i8('t').i32(Integer.MAX_VALUE).decode())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("length 2147483647 runs past the end").hasMessageContaining("byte offset 9");
    }

    @Test
    void unknownColumnKindIsAnError() {
        assertThatThrownBy(() -> Wire.msg('I').i32(1).i8('N').i16(1).i8('z').decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("unknown kind 'z'");
    }

    @Test
    void missingNewTupleMarkerIsAnError() {
        assertThatThrownBy(() -> Wire.msg('I').i32(1).i8('K').i16(0).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("expected new tuple marker 'N'");
    }
}
