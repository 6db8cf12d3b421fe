package io.doriscdc.chaos;

import java.io.PrintStream;

/** Timestamped progress lines of a run ({@code [  12.3s] ...}). Thread-safe. */
final class RunLog {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    RunLog(PrintStream out) {
        this.out = out;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    synchronized void line(String message) {
        out.printf("[%7.1fs] %s%n", seconds(), message);
        out.flush();
    }
}
