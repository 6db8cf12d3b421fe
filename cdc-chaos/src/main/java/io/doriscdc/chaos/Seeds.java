package io.doriscdc.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Derives the seed of each random source (a writer, the fault schedule, ...) from the run's seed, so
 * that one seed replays every choice, and each source's sequence does not depend on the others.
 * Stateless and thread-safe.
 */
final class Seeds {

    private Seeds() {
    }

    /** A seed for {@code purpose} (e.g. "writer-2"), mixed with SplitMix64 from the run's seed. */
    static long derive(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return mix(h);
    }

    static Random random(long seed, String purpose) {
        return new Random(derive(seed, purpose));
    }

    /** A fresh seed for a run that was not given one. */
    static long fresh() {
        return mix(System.nanoTime() ^ ProcessHandle.current().pid() << 32);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
