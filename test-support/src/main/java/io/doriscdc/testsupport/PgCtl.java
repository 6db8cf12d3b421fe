package io.doriscdc.testsupport;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code pg_ctl} of the zonky binaries (which hold {@code initdb}, {@code pg_ctl} and
 * {@code postgres} only): finds the folder zonky unpacked a major's binaries into, and runs
 * {@code pg_ctl} there. Like zonky, as root the binaries run inside {@code unshare -U} (a user
 * namespace where root is "nobody"), since PostgreSQL refuses to run as root. Stateless.
 */
final class PgCtl {

    private PgCtl() {
    }

    /**
     * zonky unpacks each version's binaries into a folder of the working directory that several
     * versions share (-Dpg.version runs): the folder whose {@code pg_ctl --version} is {@code major}.
     */
    static Optional<Path> binDir(Path workDir, int major) {
        try (Stream<Path> s = Files.walk(workDir, 3)) {
            List<Path> candidates = s.filter(p -> p.getFileName().toString().equals("pg_ctl") && Files.isExecutable(p))
                    .map(Path::getParent).toList();
            return candidates.stream().filter(dir -> major(dir) == major).findFirst().or(() -> candidates.stream().findFirst());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The major version of the binaries in {@code bin} ({@code pg_ctl (PostgreSQL) 14.20} → 14), or -1. */
    static int major(Path bin) {
        try {
            Process p = new ProcessBuilder(bin.resolve("pg_ctl").toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Runs {@code pg_ctl args...}, its output appended to {@code log}.
     *
     * @throws IllegalStateException when it fails or takes more than 180 s, naming the log
     */
    static void run(Path bin, Path log, String... args) {
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.add(bin.resolve("pg_ctl").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 180 s; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }
}
