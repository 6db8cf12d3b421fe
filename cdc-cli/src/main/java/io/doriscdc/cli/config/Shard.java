package io.doriscdc.cli.config;

import java.util.Optional;

/**
 * One pipeline of a file as declared: its name, slot and publication, and where its keys are
 * ({@code ""} for a file of one pipeline, {@code pipelines[1].} for an entry). Immutable.
 *
 * @param name the pipeline's name (the slot name for a file of one pipeline)
 * @param slot its slot
 * @param slotKey the key the slot was read from, for messages
 * @param publication its publication, when given
 * @param at the prefix of its keys
 */
record Shard(String name, String slot, String slotKey, Optional<String> publication, String at) {
}
