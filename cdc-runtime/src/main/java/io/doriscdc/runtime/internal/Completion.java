package io.doriscdc.runtime.internal;

import io.doriscdc.api.transport.DeliveryReceipt;

/** The outcome of a delivery, posted by a transport thread to the worker. */
record Completion(TableRuntime table, TableBatcher.InFlight batch, DeliveryReceipt receipt, Throwable error) {
}
