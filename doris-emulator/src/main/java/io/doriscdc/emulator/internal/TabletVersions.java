package io.doriscdc.emulator.internal;

/**
 * The version count of a table's tablet (the emulator keeps one tablet per table): one version at
 * creation, one more per committed load, fewer as compaction merges them at
 * {@link BeLimits#compactedVersionsPerSecond()}, never below one. Doris refuses a load while the count
 * is above {@code max_tablet_version_num} (be/src/olap/rowset_builder.cpp,
 * {@code RowsetBuilder::check_tablet_version_count}). Thread-safe.
 */
final class TabletVersions {
    private final long tabletId;
    private double count = 1;
    private long lastNanos = System.nanoTime();

    TabletVersions(long tabletId) {
        this.tabletId = tabletId;
    }

    /** Refuses a load as Doris does when the tablet holds more versions than {@code limits} allow. */
    synchronized void check(BeLimits limits) throws LoadException {
        int versions = compact(limits);
        if (versions > limits.maxTabletVersions()) {
            throw new LoadException("Fail", "[E-235]failed to init rowset builder. version count: " + versions + ", exceed limit: "
                    + limits.maxTabletVersions() + ", tablet: " + tabletId + ". Please reduce the frequency of loading data or adjust the"
                    + " max_tablet_version_num or time_series_max_tablet_version_num in be.conf to a larger value.");
        }
    }

    /** A load committed: one more version. */
    synchronized void committed(BeLimits limits) {
        compact(limits);
        count++;
    }

    private int compact(BeLimits limits) {
        long now = System.nanoTime();
        count = Math.max(1, count - (now - lastNanos) / 1e9 * limits.compactedVersionsPerSecond());
        lastNanos = now;
        return (int) Math.ceil(count);
    }
}
