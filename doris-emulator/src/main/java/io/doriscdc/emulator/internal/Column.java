package io.doriscdc.emulator.internal;

import java.time.LocalDateTime;

/**
 * A table column: name, type, nullability, whether it is part of the key, and its default (the
 * converted value, or {@code CURRENT_TIMESTAMP}). Immutable and thread-safe.
 */
record Column(String name, ColumnType type, boolean nullable, boolean key, Object defaultValue,
              boolean hasDefault, boolean currentTimestampDefault) {

    /** The value a missing input column takes: its default, else NULL. */
    Object missingValue() {
        if (currentTimestampDefault) {
            LocalDateTime now = LocalDateTime.now();
            return type.kind() == ColumnType.Kind.DATE ? now.toLocalDate() : now.withNano(0);
        }
        return hasDefault ? defaultValue : null;
    }
}
