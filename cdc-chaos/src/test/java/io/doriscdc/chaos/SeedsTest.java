package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void theSameSeedAndPurposeGiveTheSameSequenceAndOtherPurposesAnother() {
        assertThat(Seeds.random(42, "writer-1").nextLong()).isEqualTo(Seeds.random(42, "writer-1").nextLong());
        assertThat(Seeds.derive(42, "writer-1")).isNotEqualTo(Seeds.derive(42, "writer-2")).isNotEqualTo(Seeds.derive(43, "writer-1"));
    }
}
