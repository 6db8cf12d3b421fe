package io.doriscdc.grpc.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The gateway's live counters. Thread-safe. */
public final class GatewayCounters {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong loadsSucceeded = new AtomicLong();
    final AtomicLong loadsFailed = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();

    public int inFlight() {
        return inFlight.get();
    }

    public long loadsSucceeded() {
        return loadsSucceeded.get();
    }

    public long loadsFailed() {
        return loadsFailed.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }
}
