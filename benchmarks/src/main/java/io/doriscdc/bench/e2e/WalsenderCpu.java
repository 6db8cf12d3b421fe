package io.doriscdc.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The CPU time of the walsender that serves one slot during a drain, sampled from {@code /proc} every
 * 50 ms while the drain runs (the embedded server runs on this host; a walsender ends with its
 * consumer, so the last sample counts, at most 50 ms short). {@link Double#NaN} when the server is
 * not local or the walsender was never seen. Not thread-safe; one per drain.
 */
final class WalsenderCpu implements AutoCloseable {

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double seconds = Double.NaN;

    private WalsenderCpu(BenchPostgres pg, String slot) {
        sampler = new Thread(() -> sample(pg, slot), "walsender-cpu-" + slot);
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching the walsender that will hold {@code slot}. */
    static WalsenderCpu watch(BenchPostgres pg, String slot) {
        return new WalsenderCpu(pg, slot);
    }

    private void sample(BenchPostgres pg, String slot) {
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            int pid = 0;
            while (running) {
                if (pid == 0) {
                    try (ResultSet rs = ps.executeQuery()) {
                        pid = rs.next() ? rs.getInt(1) : 0;
                    }
                }
                if (pid != 0) {
                    Path stat = Path.of("/proc", Integer.toString(pid), "stat");
                    if (!Files.exists(stat)) {
                        return; // the walsender ended with its consumer: the last sample stands
                    }
                    String s = Files.readString(stat);
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, USER_HZ = 100 on Linux
                }
                Thread.sleep(50); // sampling /proc; the drain is timed elsewhere
            }
        } catch (Exception e) {
            // not a local server, or the process ended between the check and the read: what was sampled stands
        }
    }

    /** The walsender's CPU seconds, as last sampled. */
    double seconds() {
        return seconds;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(2_000);
    }
}
