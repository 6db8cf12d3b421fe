package io.doriscdc.cli;

import java.util.Arrays;

/**
 * Sets up slf4j-simple before the first logger exists: logs go to stderr as one line each with an
 * ISO time, level, thread and logger (never a secret: configuration objects mask them). Level:
 * {@code DORIS_CDC_LOG_LEVEL} or {@code -Dorg.slf4j.simpleLogger.defaultLogLevel}; by default
 * {@code info} for {@code run} and {@code gateway}, {@code warn} for the others (their output is the point).
 */
final class Logging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configure(String[] args) {
        boolean run = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().map(c -> c.equals("run") || c.equals("gateway")).orElse(false);
        String env = System.getenv("DORIS_CDC_LOG_LEVEL");
        setDefault("defaultLogLevel", env != null && !env.isBlank() ? env.trim() : run ? "info" : "warn");
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("showThreadName", "true");
        setDefault("showShortLogName", "true");
        setDefault("levelInBrackets", "false");
        setDefault("log.io.zonky", "warn");
        setDefault("log.org.apache.hc", "warn");
        setDefault("log.io.netty", "error"); // the emulator logs peers closing keep-alive connections as warnings
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
