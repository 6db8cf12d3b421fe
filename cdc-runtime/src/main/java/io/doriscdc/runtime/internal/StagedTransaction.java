package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The raw messages of one streamed (in-progress) transaction, kept until its Stream Commit or
 * discarded at its Stream Abort. Messages stay in memory while the {@link MemoryBudget} allows,
 * then spill, in order, to a file of {@code [int xid][long lsn][int length][bytes]} records.
 * Used by the worker thread only.
 */
final class StagedTransaction implements AutoCloseable {

    /** One staged message. */
    record Staged(int xid, long lsn, ByteBuffer frame) {
    }

    private final int topXid;
    private final MemoryBudget budget;
    private final Path spillDir;
    private final List<Staged> inMemory = new ArrayList<>();
    private long memoryBytes;
    private Path spillFile;
    private DataOutputStream spill;
    private final java.util.Set<Integer> abortedSubxids = new java.util.HashSet<>();

    StagedTransaction(int topXid, MemoryBudget budget, Path spillDir) {
        this.topXid = topXid;
        this.budget = budget;
        this.spillDir = spillDir;
    }

    /** Stages a message of the transaction (or of one of its subtransactions). */
    void add(int xid, long lsn, ByteBuffer frame) {
        int size = frame.remaining();
        // at most half of the budget: the replay at commit needs the other half for full batches (it filled the
        // budget once, and every change of a 1M-row replay then went out in a load of its own)
        if (spill == null && memoryBytes + size <= budget.limit() / 2 && budget.fits(size)) {
            inMemory.add(new Staged(xid, lsn, frame));
            memoryBytes += size;
            budget.add(size);
            return;
        }
        try {
            if (spill == null) {
                Files.createDirectories(spillDir);
                spillFile = Files.createTempFile(spillDir, "doris-cdc-txn-" + Integer.toUnsignedString(topXid) + "-", ".spill");
                spill = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 16));
            }
            spill.writeInt(xid);
            spill.writeLong(lsn);
            spill.writeInt(size);
            spill.write(frame.array(), frame.arrayOffset() + frame.position(), size);
        } catch (IOException e) {
            throw new CdcException("cannot spill streamed transaction " + Integer.toUnsignedString(topXid) + " to " + spillDir
                    + ": " + e.getMessage() + "; free disk space there or raise the memory budget", e);
        }
    }

    /** Drops the messages of an aborted subtransaction (those kept in memory; spilled ones are skipped at replay). */
    void abortSubtransaction(int subxid) {
        abortedSubxids.add(subxid);
        long freed = 0;
        for (var it = inMemory.iterator(); it.hasNext(); ) {
            Staged s = it.next();
            if (s.xid() == subxid) {
                freed += s.frame().remaining();
                it.remove();
            }
        }
        memoryBytes -= freed;
        budget.remove(freed);
    }

    /** Replays every staged message in order, skipping those of aborted subtransactions. */
    void replay(MessageSink sink) {
        IntPredicate aborted = abortedSubxids::contains;
        for (int i = 0; i < inMemory.size(); i++) {
            Staged s = inMemory.get(i);
            inMemory.set(i, null); // handed on: its memory goes to the batches it becomes
            int size = s.frame().remaining();
            if (!aborted.test(s.xid())) {
                sink.accept(s.xid(), s.lsn(), s.frame());
            }
            memoryBytes -= size;
            budget.remove(size);
        }
        inMemory.clear();
        if (spill == null) {
            return;
        }
        try {
            spill.close();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spillFile), 1 << 16))) {
                while (true) {
                    int xid;
                    try {
                        xid = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    long lsn = in.readLong();
                    int len = in.readInt();
                    byte[] bytes = new byte[len];
                    in.readFully(bytes);
                    if (!aborted.test(xid)) {
                        sink.accept(xid, lsn, ByteBuffer.wrap(bytes));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back spilled transaction " + Integer.toUnsignedString(topXid) + " from " + spillFile, e);
        }
    }

    /** Frees memory and deletes the spill file. */
    @Override
    public void close() {
        budget.remove(memoryBytes);
        memoryBytes = 0;
        inMemory.clear();
        if (spill != null) {
            try {
                spill.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                // the file is in the spill directory; it is only garbage now
            }
            spill = null;
        }
    }

    /** Receives replayed messages. */
    @FunctionalInterface
    interface MessageSink {
        void accept(int xid, long lsn, ByteBuffer frame);
    }
}
