package io.doriscdc.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a chaos run does: how long and how many writers write, which kinds of transactions and values
 * they use, and which faults strike how often. Immutable and thread-safe; build it with
 * {@link #builder(long)} or start from a profile ({@link #ci(long)}, {@link #soak(long, Duration)}).
 */
public record ChaosSettings(long seed, Duration load, int writers, boolean longTransactions, boolean truncates,
                            boolean extremeValues, boolean streamedTransactions, boolean kills, Duration killGapMin,
                            Duration killGapMax, boolean dorisFaults, Duration faultGapMin, Duration faultGapMax,
                            Duration pgRestartEvery, Duration checkEvery, Duration catchUpTimeout, Path logDir,
                            List<ChildTransport> transports) {

    /** The build's profile: ~100 s of load by 4 writers, a kill every 5–13 s, Doris faults, one PostgreSQL crash. */
    public static ChaosSettings ci(long seed) {
        return builder(seed).build();
    }

    /** The soak profile: 6 writers, kills every 5–40 s, a PostgreSQL crash and an intermediate check every few minutes. */
    public static ChaosSettings soak(long seed, Duration load) {
        return builder(seed).load(load).writers(6).killGap(Duration.ofSeconds(5), Duration.ofSeconds(40))
                .faultGap(Duration.ofSeconds(3), Duration.ofSeconds(15)).pgRestartEvery(Duration.ofMinutes(5))
                .checkEvery(Duration.ofMinutes(10)).catchUpTimeout(Duration.ofMinutes(5)).build();
    }

    /** A workload the harness must pass even on a product with known bugs: 1 writer, short transactions, values near today. */
    public Builder reduced() {
        return toBuilder().writers(1).longTransactions(false).truncates(false).extremeValues(false);
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public Builder toBuilder() {
        Builder b = new Builder(seed);
        b.load = load;
        b.writers = writers;
        b.longTransactions = longTransactions;
        b.truncates = truncates;
        b.extremeValues = extremeValues;
        b.streamedTransactions = streamedTransactions;
        b.kills = kills;
        b.killGapMin = killGapMin;
        b.killGapMax = killGapMax;
        b.dorisFaults = dorisFaults;
        b.faultGapMin = faultGapMin;
        b.faultGapMax = faultGapMax;
        b.pgRestartEvery = pgRestartEvery;
        b.checkEvery = checkEvery;
        b.catchUpTimeout = catchUpTimeout;
        b.logDir = logDir;
        b.transports = transports;
        return b;
    }

    @Override
    public String toString() {
        return "seed=" + seed + ", load=" + load.toSeconds() + "s, writers=" + writers + ", longTransactions=" + longTransactions
                + ", truncates=" + truncates + ", extremeValues=" + extremeValues + ", streamedTransactions=" + streamedTransactions
                + ", kills=" + (kills ? "every " + killGapMin.toSeconds() + "-" + killGapMax.toSeconds() + "s" : "off")
                + ", dorisFaults=" + (dorisFaults ? "every " + faultGapMin.toSeconds() + "-" + faultGapMax.toSeconds() + "s" : "off")
                + ", pgRestarts=" + (pgRestartEvery.isZero() ? "off" : "every " + pgRestartEvery.toSeconds() + "s")
                + ", checks=" + (checkEvery.isZero() ? "at the end" : "every " + checkEvery.toSeconds() + "s and at the end")
                + ", transports=" + transports + (transports.size() > 1 ? " in turn" : "");
    }

    /** Builds {@link ChaosSettings}; setters reject bad values at once, naming them. Not thread-safe. */
    public static final class Builder {
        private final long seed;
        private Duration load = Duration.ofSeconds(100);
        private int writers = 4;
        private boolean longTransactions = true;
        private boolean truncates = true;
        private boolean extremeValues = true;
        private boolean streamedTransactions = true;
        private boolean kills = true;
        private Duration killGapMin = Duration.ofSeconds(5);
        private Duration killGapMax = Duration.ofSeconds(13);
        private boolean dorisFaults = true;
        private Duration faultGapMin = Duration.ofSeconds(3);
        private Duration faultGapMax = Duration.ofSeconds(9);
        private Duration pgRestartEvery;
        private Duration checkEvery = Duration.ZERO;
        private Duration catchUpTimeout = Duration.ofSeconds(90);
        private Path logDir = Path.of(System.getProperty("chaos.dir", "target/chaos"));
        private List<ChildTransport> transports = ChildTransport.ALL;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder load(Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new IllegalArgumentException("the load must last at least 5 s, got " + d);
            }
            this.load = d;
            return this;
        }

        public Builder writers(int n) {
            if (n < 1 || n > 32) {
                throw new IllegalArgumentException("writers must be 1..32, got " + n);
            }
            this.writers = n;
            return this;
        }

        public Builder longTransactions(boolean on) {
            this.longTransactions = on;
            return this;
        }

        public Builder truncates(boolean on) {
            this.truncates = on;
            return this;
        }

        public Builder extremeValues(boolean on) {
            this.extremeValues = on;
            return this;
        }

        public Builder streamedTransactions(boolean on) {
            this.streamedTransactions = on;
            return this;
        }

        public Builder kills(boolean on) {
            this.kills = on;
            return this;
        }

        public Builder killGap(Duration min, Duration max) {
            requireGap("killGap", min, max);
            this.killGapMin = min;
            this.killGapMax = max;
            return this;
        }

        public Builder dorisFaults(boolean on) {
            this.dorisFaults = on;
            return this;
        }

        public Builder faultGap(Duration min, Duration max) {
            requireGap("faultGap", min, max);
            this.faultGapMin = min;
            this.faultGapMax = max;
            return this;
        }

        /** One PostgreSQL crash restart at a random moment of every such period; zero turns them off. */
        public Builder pgRestartEvery(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("pgRestartEvery must be >= 0 (0 = never), got " + d);
            }
            this.pgRestartEvery = d;
            return this;
        }

        /** Pause the load, catch up and compare every such period; zero compares only at the end. */
        public Builder checkEvery(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("checkEvery must be >= 0 (0 = only at the end), got " + d);
            }
            this.checkEvery = d;
            return this;
        }

        public Builder catchUpTimeout(Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("catchUpTimeout must be at least 1 s, got " + d);
            }
            this.catchUpTimeout = d;
            return this;
        }

        public Builder logDir(Path dir) {
            if (dir == null) {
                throw new IllegalArgumentException("logDir must not be null");
            }
            this.logDir = dir;
            return this;
        }

        /** The transports the pipeline processes use, one after the other in an order the seed shuffles (default: all of them). */
        public Builder transports(List<ChildTransport> list) {
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException("transports must name at least one, e.g. streamload/json; got " + list);
            }
            this.transports = List.copyOf(list);
            return this;
        }

        public ChaosSettings build() {
            Duration restarts = pgRestartEvery == null ? load : pgRestartEvery;
            return new ChaosSettings(seed, load, writers, longTransactions, truncates, extremeValues, streamedTransactions,
                    kills, killGapMin, killGapMax, dorisFaults, faultGapMin, faultGapMax, restarts, checkEvery, catchUpTimeout, logDir,
                    transports);
        }

        private static void requireGap(String what, Duration min, Duration max) {
            if (min == null || max == null || min.compareTo(Duration.ofMillis(100)) < 0 || max.compareTo(min) < 0) {
                throw new IllegalArgumentException(what + " needs 100 ms <= min <= max, got " + min + " and " + max);
            }
        }
    }
}
