package io.doriscdc.runtime.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doriscdc.api.CdcException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryCopyReaderTest {

    private static final int RELID = 16_400;
    private static final boolean[] TEXT = {false, true, false};

    /** Tuples of three fields: a value, a text value, and NULL / empty / a value longer than any chunk. */
    private static final byte[][][] TUPLES = {
        {{0, 0, 0, 1}, "one".getBytes(StandardCharsets.UTF_8), null},
        {{0, 0, 0, 2}, new byte[0], "x".repeat(5000).getBytes(StandardCharsets.UTF_8)},
        {null, "três".getBytes(StandardCharsets.UTF_8), new byte[] {7}},
    };

    @Test
    void tuplesBecomeInsertMessagesWhateverTheChunksAre() throws IOException {
        byte[] copy = copyStream(TUPLES, new byte[] {1, 2, 3});
        List<byte[]> whole = read(copy, copy.length);
        assertThat(whole).hasSize(3);
        for (int i = 0; i < TUPLES.length; i++) {
            assertThat(whole.get(i)).as("tuple %d", i).isEqualTo(insertMessage(TUPLES[i]));
        }
        // every split into chunks of one size, down to single bytes, gives the same messages
        for (int size : new int[] {1, 2, 3, 5, 7, 19, 20, 21, 64, 4999, 5001}) {
            assertThat(read(copy, size)).as("chunks of %d bytes", size).usingElementComparator(Arrays::compare).isEqualTo(whole);
        }
        // and random chunkings
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<byte[]> out = new ArrayList<>();
            BinaryCopyReader reader = new BinaryCopyReader(RELID, TEXT, (m, len) -> out.add(Arrays.copyOf(m, len)), "t blocks 0..end");
            int p = 0;
            while (p < copy.length) {
                int n = Math.min(copy.length - p, 1 + random.nextInt(40));
                byte[] chunk = Arrays.copyOfRange(copy, p, p + n);
                reader.feed(chunk);
                Arrays.fill(chunk, (byte) 0x55); // nothing of a chunk is kept after feed returns
                p += n;
            }
            assertThat(reader.ended()).isTrue();
            assertThat(out).usingElementComparator(Arrays::compare).isEqualTo(whole);
        }
    }

    @Test
    void theMessageBufferIsReusedAcrossTuples() throws IOException {
        byte[] copy = copyStream(new byte[][][] {TUPLES[0], TUPLES[0]}, new byte[0]);
        List<byte[]> arrays = new ArrayList<>();
        new BinaryCopyReader(RELID, TEXT, (m, len) -> arrays.add(m), "t").feed(copy);
        assertThat(arrays).hasSize(2);
        assertThat(arrays.get(0)).isSameAs(arrays.get(1));
    }

    @Test
    void aTupleWithOtherFieldsThanSelectedNamesTheRange() throws IOException {
        byte[] copy = copyStream(new byte[][][] {{{1}, {2}}}, new byte[0]);
        assertThatThrownBy(() -> new BinaryCopyReader(RELID, TEXT, (m, len) -> { }, "public.t blocks 0..64").feed(copy))
                .isInstanceOf(CdcException.class).hasMessageContaining("public.t blocks 0..64").hasMessageContaining("2 fields")
                .hasMessageContaining("3 columns");
    }

    @Test
    void outputWithoutTheSignatureIsRefused() {
        byte[] text = "1\tone\n".repeat(5).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new BinaryCopyReader(RELID, TEXT, (m, len) -> { }, "public.t blocks 0..64").feed(text))
                .isInstanceOf(CdcException.class).hasMessageContaining("signature").hasMessageContaining("public.t blocks 0..64");
    }

    private static List<byte[]> read(byte[] copy, int chunkSize) {
        List<byte[]> out = new ArrayList<>();
        BinaryCopyReader reader = new BinaryCopyReader(RELID, TEXT, (m, len) -> out.add(Arrays.copyOf(m, len)), "t");
        for (int p = 0; p < copy.length; p += chunkSize) {
            reader.feed(copy, p, Math.min(chunkSize, copy.length - p));
        }
        assertThat(reader.ended()).isTrue();
        assertThat(reader.tuples()).isEqualTo(out.size());
        return out;
    }

    /** PostgreSQL's binary COPY format: signature, flags, header extension, tuples, trailer. */
    static byte[] copyStream(byte[][][] tuples, byte[] extension) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(extension.length);
        out.write(extension);
        for (byte[][] tuple : tuples) {
            out.writeShort(tuple.length);
            for (byte[] field : tuple) {
                if (field == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(field.length);
                    out.write(field);
                }
            }
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    /** The pgoutput Insert message of a tuple: 'I' relid 'N' ncols, per column 'n' or kind + length + bytes. */
    private static byte[] insertMessage(byte[][] tuple) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write('I');
        out.writeInt(RELID);
        out.write('N');
        out.writeShort(tuple.length);
        for (int i = 0; i < tuple.length; i++) {
            if (tuple[i] == null) {
                out.write('n');
            } else {
                out.write(TEXT[i] ? 't' : 'b');
                out.writeInt(tuple[i].length);
                out.write(tuple[i]);
            }
        }
        return bytes.toByteArray();
    }
}
