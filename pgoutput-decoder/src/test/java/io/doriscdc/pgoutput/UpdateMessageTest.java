package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateMessageTest {

    @Test
    void withoutOldValuesOnlyTheNewTupleIsSent() {
        UpdateMessage u = (UpdateMessage) Wire.msg('U').i32(1).i8('N').i16(1).text("a").decode();
        assertThat(u.oldKey()).isNull();
        assertThat(u.oldRow()).isNull();
        assertThat(u.oldTuple()).isNull();
        assertThat(u.newTuple().columnCount()).isEqualTo(1);
    }

    @Test
    void keyChangeCarriesTheOldKey() {
        UpdateMessage u = (UpdateMessage) Wire.msg('U').i32(1).i8('K').i16(2).text("1").i8('n').i8('N').i16(2).text("2").text("x").decode();
        assertThat(u.oldKey()).isNotNull();
        assertThat(u.oldRow()).isNull();
        assertThat(u.oldTuple()).isSameAs(u.oldKey());
    }

    @Test
    void replicaIdentityFullCarriesTheOldRowAndUnchangedToast() {
        UpdateMessage u = (UpdateMessage) Wire.msg('U').i32(1).i8('O').i16(2).text("1").i8('u').i8('N').i16(2).text("1").i8('u').decode();
        assertThat(u.oldRow()).isNotNull();
        assertThat(u.oldKey()).isNull();
        assertThat(u.newTuple().kind(1)).isEqualTo('u');
    }
}
