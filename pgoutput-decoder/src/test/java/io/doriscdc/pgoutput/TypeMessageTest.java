package io.doriscdc.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeMessageTest {

    @Test
    void decodesOidNamespaceAndName() {
        assertThat(Wire.msg('Y').i32(16386).str("public").str("mood").decode())
                .isEqualTo(new TypeMessage(0, 16386, "public", "mood"));
    }

    @Test
    void insideAStreamTheXidComesFirst() {
        assertThat(Wire.msg('Y').i32(7).i32(16386).str("").str("int4").decodeInStream())
                .isEqualTo(new TypeMessage(7, 16386, "", "int4"));
    }
}
