package io.doriscdc.runtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Named points where a test steers a pipeline's threads deterministically instead of sleeping: it
 * can make a thread fail there as nothing else can on demand ({@link #arm}: an {@link Error} in the
 * reader thread), or park the threads that reach it ({@link #close}), to freeze one instance
 * in-process the way SIGSTOP freezes a process. Nothing is armed or closed in production: a point
 * then costs a look-up in an empty map. Thread-safe.
 */
public final class Failpoints {

    /** The reader thread, after it read a frame and before it hands it on. */
    public static final String READER_FRAME = "reader.frame";

    /** A table added while streaming, just before it is added to the publication. */
    public static final String PUBLISH = "snapshot.publish";

    private record Gate(CountDownLatch open, AtomicInteger parked) {
    }

    private static final Map<String, Supplier<? extends Throwable>> ARMED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Gate> GATES = new ConcurrentHashMap<>();

    private Failpoints() {
    }

    /** Test only: makes the next pass through {@code point} throw what {@code failure} gives (once). */
    public static void arm(String point, Supplier<? extends Throwable> failure) {
        ARMED.put(point, failure);
    }

    /** Test only: disarms every point and opens every closed one. */
    public static void disarmAll() {
        ARMED.clear();
        GATES.keySet().forEach(Failpoints::open);
    }

    /** Throws at {@code point} if a test armed it. */
    static void hit(String point) {
        if (ARMED.isEmpty()) {
            return;
        }
        Supplier<? extends Throwable> f = ARMED.remove(point);
        if (f != null) {
            Failpoints.<RuntimeException>sneaky(f.get());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
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
