package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.DecodeException;
import io.doriscdc.api.schema.ReplicaIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelationMessageTest {

    static Wire users() {
        return Wire.msg('R').i32(16385).str("public").str("users").i8('d').i16(2)
                .i8(1).str("id").i32(23).i32(-1)
                .i8(0).str("name").i32(1043).i32(36);
    }

    @Test
    void decodesNamespaceNameIdentityAndColumns() {
        assertThat(users().decode()).isEqualTo(new RelationMessage(0, 16385, "public", "users", ReplicaIdentity.DEFAULT,
                List.of(new RelationMessage.RelationColumn(1, "id", 23, -1), new RelationMessage.RelationColumn(0, "name", 1043, 36))));
    }

    @Test
    void insideAStreamTheXidComesFirst() {
        RelationMessage m = (RelationMessage) Wire.msg('R').i32(991).i32(16385).str("").str("t").i8('f').i16(0).decodeInStream();
        assertThat(m.xid()).isEqualTo(991);
        assertThat(m.replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
    }

    @Test
    void impossibleColumnCountIsRejectedBeforeAllocating() {
        assertThatThrownBy(() -> Wire.msg('R').i32(1).str("s").str("t").i8('d').i16(32767).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("impossible column count 32767");
    }

    @Test
    void unknownReplicaIdentityIsAnError() {
        assertThatThrownBy(() -> Wire.msg('R').i32(1).str("s").str("t").i8('x').i16(0).decode())
                .isInstanceOf(DecodeException.class).hasMessageContaining("unknown replica identity 'x'");
    }
}
