package io.doriscdc.runtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named points where a test makes a pipeline thread fail as nothing else can on demand (an
 * {@link Error} in the reader thread). Unarmed, a point costs one look-up of an empty map.
 */
public final class Failpoints {

    /** The reader thread, after it read a frame and before it hands it on. */
    public static final String READER_FRAME = "reader.frame";

    private static final Map<String, Supplier<? extends Throwable>> ARMED = new ConcurrentHashMap<>();

    private Failpoints() {
    }

    /** Makes the next pass through {@code point} throw what {@code failure} gives (once). */
    public static void arm(String point, Supplier<? extends Throwable> failure) {
        ARMED.put(point, failure);
    }

    public static void disarmAll() {
        ARMED.clear();
    }

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
}
