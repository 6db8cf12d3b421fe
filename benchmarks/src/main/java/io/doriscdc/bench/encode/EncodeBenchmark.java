package io.doriscdc.bench.encode;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.transport.TransportConfig;
import io.doriscdc.api.value.Row;
import io.doriscdc.streamload.StreamLoadEncoding;
import io.doriscdc.streamload.internal.StreamLoadEncoder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast does the Stream Load encoder turn 10-column change events into JSON lines or CSV, and does
 * it allocate per row? One operation encodes one row; the {@code outputBytes} counter gives the output
 * rate (bytes/s: divide by 1e6 for MB/s per core, one thread). The buffer is discarded every 16 MB so
 * that {@code -prof gc} shows the steady-state garbage per row, not the payload. Two row kinds: the
 * decoder's lazy rows (text columns as UTF-8 bytes, zero-copy) and materialised {@code ObjectRow}s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EncodeBenchmark {

    private static final int ROWS = 1024;
    private static final long DISCARD_AT = 16L << 20;

    @Param({"json", "csv"})
    public String format;

    @Param({"lazy", "object"})
    public String rowKind;

    private StreamLoadEncoder encoder;
    private Row[] rows;
    private int next;
    private long version;

    /** Output bytes written, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Output {
        public long outputBytes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        encoder = new StreamLoadEncoder(Fixtures.MAPPING, StreamLoadEncoding.from(TransportConfig.of(Map.of("format", format))));
        rows = new Row[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = rowKind.equals("lazy") ? Fixtures.lazyRow(i) : Fixtures.objectRow(i);
        }
    }

    @Benchmark
    public void encodeRow(Output out) {
        long before = encoder.byteCount();
        encoder.upsert(rows[next], StreamPosition.of(1L << 20, ++version));
        next = (next + 1) & (ROWS - 1);
        long after = encoder.byteCount();
        out.outputBytes += after - before;
        if (after > DISCARD_AT) {
            encoder.discard();
        }
    }
}
