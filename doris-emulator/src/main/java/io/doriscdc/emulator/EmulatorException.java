package io.doriscdc.emulator;

/**
 * Unchecked error raised by the emulator's Java API: a bad builder value, an unknown table, a SQL
 * statement the emulator does not understand, or a failure to bind its ports. The message names
 * the offending value and what to do.
 *
 * <p>Immutable and thread-safe.
 */
public class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
