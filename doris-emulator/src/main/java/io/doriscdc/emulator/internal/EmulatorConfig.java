package io.doriscdc.emulator.internal;

import java.util.Map;

import javax.net.ssl.SSLContext;

import io.doriscdc.emulator.VisibilityListener;

/**
 * Validated emulator settings. Immutable and thread-safe.
 *
 * @param backends               number of BE HTTP ports
 * @param users                  user name → password
 * @param labelKeepMillis        {@code streaming_label_keep_max_second} in ms (§3)
 * @param labelNumThreshold      {@code label_num_threshold} per database; -1 means unlimited (§3)
 * @param precommitTimeoutMillis {@code stream_load_default_precommit_timeout_second} in ms (§2)
 * @param maxBodyBytes           {@code streaming_load_max_mb} in bytes (§1.2 size limits)
 * @param memoryBudgetBytes      bytes of load bodies the emulator holds at once across all loads
 * @param maxLoadHistory         load records kept for inspection (oldest dropped first)
 * @param tls                    the server TLS context of the FE and BE ports ({@code enable_https}), or null for plain HTTP
 * @param visibility             told when commits make rows readable ({@link VisibilityListener#NONE}: nobody)
 * @param limits                 the BE's limits on values and versions ({@link BeLimits#DEFAULTS}: Doris's defaults)
 */
public record EmulatorConfig(int backends, Map<String, String> users, long labelKeepMillis, int labelNumThreshold,
                             long precommitTimeoutMillis, long maxBodyBytes, long memoryBudgetBytes,
                             int maxLoadHistory, SSLContext tls, VisibilityListener visibility, BeLimits limits) {
    public EmulatorConfig {
        users = Map.copyOf(users);
        visibility = visibility == null ? VisibilityListener.NONE : visibility;
        limits = limits == null ? BeLimits.DEFAULTS : limits;
    }

    /** Plain HTTP, no TLS. */
    public EmulatorConfig(int backends, Map<String, String> users, long labelKeepMillis, int labelNumThreshold,
                          long precommitTimeoutMillis, long maxBodyBytes, long memoryBudgetBytes, int maxLoadHistory) {
        this(backends, users, labelKeepMillis, labelNumThreshold, precommitTimeoutMillis, maxBodyBytes, memoryBudgetBytes,
                maxLoadHistory, null, VisibilityListener.NONE, BeLimits.DEFAULTS);
    }

    /** Whether the FE and BE ports speak HTTPS. */
    public boolean https() {
        return tls != null;
    }
}
