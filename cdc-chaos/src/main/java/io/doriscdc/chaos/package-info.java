/**
 * The chaos suite: concurrent PostgreSQL writers with overlapping, savepointed, streamed and aborted
 * transactions over tables of every mapped type family; a pipeline in a child JVM that is SIGKILLed
 * and restarted; Doris emulator faults; PostgreSQL crash restarts; then a catch-up and a comparison of
 * every table row by row and value by value. One seed drives every choice. {@link io.doriscdc.chaos.ChaosRun}
 * is the engine, {@link io.doriscdc.chaos.Soak} the long-running command; {@code ChaosIT} runs a short
 * profile in the build (docs/chaos.md).
 */
package io.doriscdc.chaos;
