package io.doriscdc.emulator.internal;

/**
 * Limits a Doris BE enforces on loads, with Doris's defaults. Immutable.
 *
 * @param stringSoftLimitBytes       {@code string_type_length_soft_limit_bytes} (be/src/common/config.h, default
 *                                   1,048,576, at most 2,147,483,643): a CHAR, VARCHAR or STRING value longer than
 *                                   {@code min(this, declared length)} is filtered in strict mode and outside it
 *                                   (be/src/vec/sink/vtablet_block_convertor.cpp,
 *                                   {@code OlapTableBlockConvertor::_validate_column}); JSON values likewise
 *                                   ({@code jsonb_type_length_soft_limit_bytes}, same default)
 * @param maxTabletVersions          {@code max_tablet_version_num} (config.h, default 2000): a load into a tablet
 *                                   with more versions fails with {@code TOO_MANY_VERSION} (-235) in
 *                                   be/src/olap/rowset_builder.cpp, {@code RowsetBuilder::check_tablet_version_count}
 * @param compactedVersionsPerSecond how many versions compaction removes from each table per second: the emulator's
 *                                   stand-in for cumulative compaction (one tablet per table)
 */
public record BeLimits(long stringSoftLimitBytes, int maxTabletVersions, double compactedVersionsPerSecond) {

    /** The largest {@code string_type_length_soft_limit_bytes} Doris accepts. */
    public static final long MAX_STRING_SOFT_LIMIT = 2_147_483_643L;

    /** Doris's defaults; compaction at 200 versions per second per table. */
    public static final BeLimits DEFAULTS = new BeLimits(1_048_576, 2000, 200);
}
