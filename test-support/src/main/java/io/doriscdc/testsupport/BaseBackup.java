package io.doriscdc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A base backup of a running server without {@code pg_basebackup} (the zonky binaries lack it), the
 * low-level way of PostgreSQL's "Making a Base Backup Using the Low Level API": in one session
 * {@code pg_backup_start}, a copy of the data directory's files, {@code pg_backup_stop}, whose label
 * file becomes the copy's {@code backup_label}. Left out, as {@code pg_basebackup} leaves them out:
 * the WAL (a standby streams it from a physical slot made before the backup), the slots, and the
 * files a server rebuilds at start. Stateless.
 */
final class BaseBackup {

    /** Directories whose contents are not copied (the directories themselves are). */
    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots",
            "pg_stat_tmp", "pg_subtrans");
    /** Files never copied: the postmaster's, zonky's lock, the relation cache's init files. */
    private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "pg_internal.init",
            "backup_label", "tablespace_map");

    private BaseBackup() {
    }

    /**
     * Copies the data directory of the server behind {@code session} ({@code from}) to {@code to}
     * (created, mode 0700), consistent once the WAL from the backup's start on is replayed.
     */
    static void take(Connection session, int major, Path from, Path to) throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute(major >= 15 ? "SELECT pg_backup_start('doris-cdc standby', true)" : "SELECT pg_start_backup('doris-cdc standby', true, false)");
            copy(from, to);
            String stop = major >= 15 ? "SELECT labelfile, spcmapfile FROM pg_backup_stop(false)"
                    : "SELECT labelfile, spcmapfile FROM pg_stop_backup(false, false)";
            try (ResultSet rs = st.executeQuery(stop)) {
                rs.next();
                Files.writeString(to.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
                String map = rs.getString(2);
                if (map != null && !map.isEmpty()) {
                    Files.writeString(to.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup label into " + to, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path target = to.resolve(from.relativize(dir).toString());
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                    return dir.equals(from) || !EMPTIED.contains(dir.getFileName().toString()) ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (SKIPPED.contains(name) || name.startsWith("pgsql_tmp")) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException gone) {
                        // removed while copying (a dropped relation, a recycled file): the WAL replay accounts for it
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
            Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the data directory " + from + " to " + to, e);
        }
    }
}
