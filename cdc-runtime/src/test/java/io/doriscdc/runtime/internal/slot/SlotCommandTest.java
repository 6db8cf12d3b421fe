package io.doriscdc.runtime.internal.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotCommandTest {

    @Test
    void postgres14GetsTheKeywordsOfBeforeTheOptionList() {
        assertThat(new SlotCommand("shop", 14, false, true, false).sql()).isEqualTo("CREATE_REPLICATION_SLOT \"shop\" LOGICAL pgoutput EXPORT_SNAPSHOT");
        assertThat(new SlotCommand("shop", 14, true, false, false).sql())
                .isEqualTo("CREATE_REPLICATION_SLOT \"shop\" TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT");
    }

    @Test
    void postgres15AndLaterGetTheOptionList() {
        assertThat(new SlotCommand("shop", 15, false, true, false).sql()).isEqualTo("CREATE_REPLICATION_SLOT \"shop\" LOGICAL pgoutput (SNAPSHOT 'export')");
        assertThat(new SlotCommand("shop", 16, true, false, false).sql())
                .isEqualTo("CREATE_REPLICATION_SLOT \"shop\" TEMPORARY LOGICAL pgoutput (SNAPSHOT 'nothing')");
    }

    @Test
    void aFailoverSlotAddsTheFailoverOption() {
        assertThat(new SlotCommand("shop", 17, false, true, true).sql())
                .isEqualTo("CREATE_REPLICATION_SLOT \"shop\" LOGICAL pgoutput (SNAPSHOT 'export', FAILOVER true)");
        assertThat(new SlotCommand("shop", 18, false, false, true).sql())
                .isEqualTo("CREATE_REPLICATION_SLOT \"shop\" LOGICAL pgoutput (SNAPSHOT 'nothing', FAILOVER true)");
    }

    @Test
    void aTemporaryFailoverSlotIsRefusedAsPostgresRefusesIt() {
        assertThatThrownBy(() -> new SlotCommand("tmp", 17, true, true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tmp").hasMessageContaining("temporary");
    }

    @Test
    void aFailoverSlotBefore17IsRefusedNamingTheVersion() {
        assertThatThrownBy(() -> new SlotCommand("shop", 16, false, true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PostgreSQL 16").hasMessageContaining("17");
    }

    @Test
    void anInvalidSlotNameIsRefused() {
        assertThatThrownBy(() -> new SlotCommand("Shop\"; DROP", 17, false, true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is invalid");
    }

    @Test
    void failoverIsTurnedOnWithAlterReplicationSlot() {
        assertThat(SlotCommand.enableFailover("shop")).isEqualTo("ALTER_REPLICATION_SLOT \"shop\" (FAILOVER true)");
    }
}
