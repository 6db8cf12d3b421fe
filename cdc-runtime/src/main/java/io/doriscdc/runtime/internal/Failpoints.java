package io.doriscdc.runtime.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a test can park a pipeline's threads, to freeze one instance in-process the way
 * SIGSTOP freezes a process (an instance's lease thread, worker and reader). Nothing is armed in
 * production: {@link #pass} is then one lookup in an empty map. Thread-safe.
 */
public final class Failpoints {

    private record Gate(CountDownLatch open, AtomicInteger parked) {
    }

    private static final ConcurrentHashMap<String, Gate> GATES = new ConcurrentHashMap<>();

    private Failpoints() {
    }

    /** Parks the calling thread while a test holds the point {@code name} closed. */
    public static void pass(String name) {
        Gate g = GATES.get(name);
        if (g == null) {
            return;
        }
        g.parked().incrementAndGet();
        try {
            g.open().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            g.parked().decrementAndGet();
        }
    }

    /** Test only: closes the point; threads that reach it park until {@link #open}. */
    public static void close(String name) {
        GATES.putIfAbsent(name, new Gate(new CountDownLatch(1), new AtomicInteger()));
    }

    /** Test only: how many threads are parked at the point. */
    public static int parked(String name) {
        Gate g = GATES.get(name);
        return g == null ? 0 : g.parked().get();
    }

    /** Test only: opens the point and lets its parked threads go. */
    public static void open(String name) {
        Gate g = GATES.remove(name);
        if (g != null) {
            g.open().countDown();
        }
    }
}
