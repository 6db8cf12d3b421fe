package io.doriscdc.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error logs of loads that filtered rows, served at {@code /api/_load_error_log?file=...}. Bounded; thread-safe. */
final class ErrorLogStore {
    private static final int MAX = 1000;
    private final Map<String, String> logs = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX;
        }
    };

    synchronized void put(String file, String text) {
        logs.put(file, text);
    }

    synchronized String get(String file) {
        return logs.get(file);
    }
}
