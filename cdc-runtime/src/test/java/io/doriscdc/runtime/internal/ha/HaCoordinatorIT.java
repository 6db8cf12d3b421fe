package io.doriscdc.runtime.internal.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease against real PostgreSQL: one holder at a time, a deposed holder refuses what a later load cannot undo. */
@PostgresTest
class HaCoordinatorIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static PipelineConfig config(String pipeline, String instance) {
        return PipelineConfig.builder().postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password()).slot(pipeline)
                .instanceId(instance).leaseInterval(Duration.ofSeconds(1)).leaseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void ofTwoInstancesOneHoldsTheLeaseAndTheOtherStandsByNamingIt() {
        try (HaCoordinator first = HaCoordinator.open(config("lease_pair", "first"));
             HaCoordinator second = HaCoordinator.open(config("lease_pair", "second"))) {
            assertThat(first.holds()).isTrue();
            assertThat(first.status().state()).isEqualTo(InstanceState.ACTIVE);
            assertThat(first.status().term()).isEqualTo(1);
            assertThat(second.holds()).isFalse();
            assertThat(second.status().state()).isEqualTo(InstanceState.STANDBY);
            assertThat(second.status().detail()).contains("instance first is active").contains("term 1");
            first.close(); // releases the lease
            second.poll();
            assertThat(second.holds()).isTrue();
            assertThat(second.status().term()).isEqualTo(2);
        }
    }

    @Test
    void aDeposedHolderRefusesATruncateAndStandsBy() throws Exception {
        try (HaCoordinator holder = HaCoordinator.open(config("lease_fence", "holder"))) {
            holder.confirm("the TRUNCATE of public.t at 0/10#1"); // held: it returns
            // another instance took the lease over while this one was frozen
            PG.execute("UPDATE doris_cdc.leases SET holder = 'other#beef', term = term + 1 WHERE pipeline = 'lease_fence'");
            assertThatThrownBy(() -> holder.confirm("the TRUNCATE of public.t at 0/20#1")).isInstanceOf(LeaseLost.class)
                    .hasMessageContaining("lost the lease before the TRUNCATE of public.t at 0/20#1").hasMessageContaining("does not apply it");
            assertThat(holder.holds()).isFalse();
            assertThat(holder.status().state()).isEqualTo(InstanceState.STANDBY);
            assertThatThrownBy(() -> holder.confirm("the schema change of db.t")).isInstanceOf(LeaseLost.class)
                    .hasMessageContaining("no longer holds the lease");
            assertThat(holder.renewNow()).isFalse();
        }
    }
}
