package io.doriscdc.runtime.internal.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.ConfigException;
import io.doriscdc.runtime.FailoverSlot;
import org.junit.jupiter.api.Test;

class FailoverSlotsTest {

    @Test
    void autoMakesFailoverSlotsFrom17On() {
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.AUTO, 14)).isFalse();
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.AUTO, 16)).isFalse();
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.AUTO, 17)).isTrue();
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.AUTO, 18)).isTrue();
    }

    @Test
    void offNeverMakesOne() {
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.OFF, 18)).isFalse();
    }

    @Test
    void onBefore17IsAConfigErrorThatSaysWhatToDo() {
        assertThat(FailoverSlots.forNewSlot(FailoverSlot.ON, 17)).isTrue();
        assertThatThrownBy(() -> FailoverSlots.forNewSlot(FailoverSlot.ON, 16))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PostgreSQL 16").hasMessageContaining("replication.failover-slot").hasMessageContaining("auto or false");
    }

    @Test
    void synchronizedStandbySlotsNamesAreSplitTrimmedAndUnquoted() {
        assertThat(FailoverSlots.names("")).isEmpty();
        assertThat(FailoverSlots.names("standby1")).containsExactly("standby1");
        assertThat(FailoverSlots.names(" a , \"B\",c ")).containsExactly("a", "B", "c");
    }
}
