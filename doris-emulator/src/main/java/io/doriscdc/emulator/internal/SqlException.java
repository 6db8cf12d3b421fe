package io.doriscdc.emulator.internal;

/** A SQL statement failed; the message is the Doris-style detail message. */
final class SqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlException(String message) {
        super(message);
    }
}
