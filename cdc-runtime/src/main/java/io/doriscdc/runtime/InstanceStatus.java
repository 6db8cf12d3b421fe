package io.doriscdc.runtime;

import java.time.Instant;

/**
 * One instance's view of its pipeline's high availability. Immutable.
 *
 * @param instanceId this instance's name ({@link PipelineConfig#instanceId()})
 * @param state      what it does
 * @param streaming  whether it reads from the slot right now (only an {@link InstanceState#ACTIVE} one does)
 * @param term       the lease term it holds, or that it last saw another instance hold (0 when none is known)
 * @param detail     why it is in that state, in words ("instance db-2:4711 is active (lease renewed 0.4 s ago)")
 * @param since      when it entered the state
 */
public record InstanceStatus(String instanceId, InstanceState state, boolean streaming, long term, String detail, Instant since) {
}
