package io.doriscdc.runtime;

/**
 * What one instance of a pipeline is doing (docs/operations.md, "High availability"). Of all the
 * instances that run one pipeline, at most one is {@link #ACTIVE}.
 */
public enum InstanceState {
    /** {@link Pipeline#start()} has not decided yet. */
    STARTING,
    /** It holds the pipeline's lease and streams from the slot (or is starting to, or reconnecting). */
    ACTIVE,
    /** Another instance holds the lease (or the slot): this one waits to take over. */
    STANDBY,
    /** Stopped on request. */
    STOPPED,
    /** Stopped by a failure it does not start again after ({@link Pipeline#failure()}). */
    FAILED
}
