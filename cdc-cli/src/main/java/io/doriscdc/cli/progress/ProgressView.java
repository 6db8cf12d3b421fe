package io.doriscdc.cli.progress;

import io.doriscdc.runtime.TableStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Live progress of a pipeline: on a terminal, a block of lines redrawn in place (ANSI cursor
 * movement); elsewhere (a pipe, a file, CI) one plain line per update. Not thread-safe: one thread
 * draws.
 */
public final class ProgressView {

    private final PrintStream out;
    private final boolean tty;
    private int drawnLines;
    private long lastRows = -1;
    private long lastNanos;

    public ProgressView(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** A terminal that understands ANSI: a console is attached and TERM is not "dumb". */
    public static boolean isTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isBlank() && !term.equals("dumb");
    }

    /**
     * Draws one update.
     *
     * @param phase e.g. "copy" or "stream"
     * @param elapsed time in the phase
     * @param status the pipeline's tables
     * @param extra an additional fact for the header (e.g. the load's transactions), may be empty
     */
    public void update(String phase, Duration elapsed, List<TableStatus> status, String extra) {
        long now = System.nanoTime();
        long rows = status.stream().mapToLong(TableStatus::rowsDelivered).sum()
                + status.stream().mapToLong(s -> s.snapshot() == null ? 0 : s.snapshot().rowsDone()).sum();
        double rate = lastRows < 0 ? 0 : (rows - lastRows) / Math.max(1e-3, (now - lastNanos) / 1e9);
        lastRows = rows;
        lastNanos = now;
        long lag = status.stream().mapToLong(TableStatus::lagBytes).max().orElse(0);
        Duration timeLag = status.stream().map(TableStatus::timeLag).max(Duration::compareTo).orElse(Duration.ZERO);
        String header = String.format(Locale.ROOT, "[%s %5s] %s rows/s, lag %s / %s%s", phase, Format.duration(elapsed),
                Format.rate(rate), Format.bytes(lag), Format.duration(timeLag), extra.isEmpty() ? "" : ", " + extra);
        if (tty) {
            List<String> lines = new ArrayList<>();
            lines.add(header);
            for (TableStatus s : status) {
                lines.add(String.format(Locale.ROOT, "    %-32s %-12s %12s rows%s%s", s.route().source(), s.state(),
                        Format.count(s.rowsDelivered()), snapshot(s), s.lastError() == null ? "" : "  error: " + s.lastError()));
            }
            redraw(lines);
        } else {
            StringBuilder sb = new StringBuilder(header);
            for (TableStatus s : status) {
                sb.append(" | ").append(s.route().source().name()).append(' ').append(s.state()).append(' ')
                        .append(s.rowsDelivered()).append(snapshot(s));
            }
            out.println(sb);
        }
        out.flush();
    }

    private static String snapshot(TableStatus s) {
        TableStatus.SnapshotStatus p = s.snapshot();
        if (p == null) {
            return "";
        }
        return p.done() ? " (copied " + Format.count(p.rowsDone()) + ")"
                : " (copy " + Format.count(p.rowsDone()) + "/" + Format.count(p.rowsEstimated()) + ")";
    }

    private void redraw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\u001b[").append(drawnLines).append('F'); // to the start of the block
        }
        for (String l : lines) {
            sb.append("\u001b[2K").append(l).append('\n');
        }
        sb.append("\u001b[J"); // clear what an earlier, longer block left below
        out.print(sb);
        drawnLines = lines.size();
    }

    /** Ends the live block: the next output starts below it. */
    public void finish() {
        drawnLines = 0;
        lastRows = -1;
    }

    /** Prints a line outside the live block. */
    public void println(String line) {
        finish();
        out.println(line);
        out.flush();
    }
}
