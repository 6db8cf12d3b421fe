package io.doriscdc.api;

/** A configuration value is missing, malformed or inconsistent. The message names the key and the value. */
public class ConfigException extends CdcException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
