/**
 * The transport TCK: {@link io.doriscdc.tck.TransportTck}, an abstract JUnit 5 class every
 * {@link io.doriscdc.api.transport.Transport} runs against a Doris (or the emulator) to prove labels,
 * sequence-column ordering, deletes, unchanged TOAST and error classification.
 */
package io.doriscdc.tck;
