package io.doriscdc.emulator.internal;

/** A value that cannot be converted to its column's type; the message is the reason Doris-style. */
final class ConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
        super(message, null, false, false);
    }
}
