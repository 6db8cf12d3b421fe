package io.doriscdc.cli.config;

import io.doriscdc.api.ConfigException;

/**
 * A configuration file error that names the file, the line and the key:
 * {@code pipeline.yaml:12: batch.max-rows: ...}. Immutable.
 */
public final class ConfigError extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;

    public ConfigError(String file, int line, String key, String message) {
        this(file, line, key, message, null);
    }

    public ConfigError(String file, int line, String key, String message, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + message, cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public String file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The dotted key path, empty for the whole file. */
    public String key() {
        return key;
    }
}
