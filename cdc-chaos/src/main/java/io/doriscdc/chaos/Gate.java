package io.doriscdc.chaos;

/**
 * Lets threads run, pause between units of work, or stop: the run's writers pass it between
 * transactions. Thread-safe.
 */
final class Gate {
    private boolean paused;
    private boolean stopped;
    private int waiting;

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** Blocks while paused; returns false once stopped. */
    synchronized boolean pass() throws InterruptedException {
        waiting++;
        notifyAll();
        try {
            while (paused && !stopped) {
                wait();
            }
            return !stopped;
        } finally {
            waiting--;
        }
    }

    /** While paused: waits until {@code n} threads are held at the gate (between their units of work), up to {@code millis}. */
    synchronized boolean awaitHeld(int n, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (waiting < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Waits up to {@code millis} unless stopped earlier: a pause between units of work that a stop cuts short. */
    synchronized void idle(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!stopped) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
