package io.doriscdc.emulator.internal;

import java.util.concurrent.atomic.LongAdder;

import io.doriscdc.emulator.EmulatorCounters;

/** Live counters. Thread-safe. */
final class Counters {
    final LongAdder feRedirects = new LongAdder();
    final LongAdder loadsBegun = new LongAdder();
    final LongAdder loadsSucceeded = new LongAdder();
    final LongAdder loadsFailed = new LongAdder();
    final LongAdder txnsCommitted = new LongAdder();
    final LongAdder txnsAborted = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder rowsLoaded = new LongAdder();
    final LongAdder rowsFiltered = new LongAdder();
    final LongAdder sqlStatements = new LongAdder();

    EmulatorCounters snapshot() {
        return new EmulatorCounters(feRedirects.sum(), loadsBegun.sum(), loadsSucceeded.sum(), loadsFailed.sum(),
                txnsCommitted.sum(), txnsAborted.sum(), bytesReceived.sum(), rowsLoaded.sum(), rowsFiltered.sum(),
                sqlStatements.sum());
    }
}
