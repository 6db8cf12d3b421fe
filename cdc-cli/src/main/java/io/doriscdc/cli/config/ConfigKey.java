package io.doriscdc.cli.config;

import java.util.List;

/**
 * One key of the pipeline YAML: its dotted path ({@code tables[].source} for keys of list items,
 * {@code transport.settings.*} for free-form maps), its kind, its default and what it means. The
 * reference in {@code docs/configuration.md} is checked against these. Immutable.
 */
public record ConfigKey(String path, Kind kind, String defaultValue, String description, List<String> choices) {

    /** How a value is written. */
    public enum Kind {
        /** A mapping that only groups other keys. */
        GROUP,
        /** Text; {@code ${env:NAME}} and {@code ${file:/path}} are resolved. */
        STRING,
        /** As STRING, and never printed or logged. */
        SECRET,
        INTEGER,
        /** A decimal number: {@code 1}, {@code 0.5}, {@code 2.5}. */
        NUMBER,
        /** A byte size: {@code 1048576}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB}. */
        BYTES,
        /** A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
        DURATION,
        BOOLEAN,
        /** One of {@link #choices()}, case-insensitive, '-' or '_'. */
        CHOICE,
        /** Free-form string keys and values (each value resolved like STRING). */
        MAP,
        /** A list of mappings whose keys are {@code <path>[].<key>}. */
        LIST
    }

    public ConfigKey {
        choices = List.copyOf(choices);
    }

    static ConfigKey of(String path, Kind kind, String defaultValue, String description) {
        return new ConfigKey(path, kind, defaultValue, description, List.of());
    }

    static ConfigKey choice(String path, String defaultValue, String description, String... choices) {
        return new ConfigKey(path, Kind.CHOICE, defaultValue, description, List.of(choices));
    }

    /** Whether a concrete path like {@code tables[2].source} is this key. */
    boolean matches(String concrete) {
        return path.equals(concrete.replaceAll("\\[\\d+]", "[]"));
    }
}
