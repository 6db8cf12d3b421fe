package io.doriscdc.emulator.internal;

/** A filtered input row and why, as written to the error log. Immutable. */
record Rejected(String source, String reason) {
    String logLine() {
        return "Reason: " + reason + ". src line [" + source + "]; ";
    }
}
