package io.doriscdc.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a run's schedule — the faults as planned from the seed and as run, and the DDL issued — next to its pipeline logs. */
final class ScheduleFile {

    private ScheduleFile() {
    }

    /** {@code <logDir>/schedule.txt}; a file that cannot be written is named in the returned path's place. */
    static Path write(Path logDir, ChaosSettings s, FaultTally faults, StatementJournal ddl) {
        List<String> out = new ArrayList<>();
        out.add("seed " + s.seed() + " (replay: -Dchaos.seed=" + s.seed() + " or --seed " + s.seed() + "), " + s);
        out.add("faults, as planned from the seed -> as run:");
        faults.asRun().forEach(l -> out.add("  " + l));
        out.add("DDL issued by the writers (" + ddl.counts() + "):");
        ddl.lines().forEach(l -> out.add("  " + l));
        Path file = logDir.resolve("schedule.txt");
        try {
            Files.createDirectories(logDir);
            Files.write(file, out, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            return Path.of("(schedule not written to " + file + ": " + e.getMessage() + ")");
        }
    }
}
