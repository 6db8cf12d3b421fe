/**
 * The transport SPI: providers found with {@link java.util.ServiceLoader}, encoders, batches, deterministic labels and delivery receipts.
 */
package io.doriscdc.api.transport;
