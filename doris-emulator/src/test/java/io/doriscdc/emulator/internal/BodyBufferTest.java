package io.doriscdc.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class BodyBufferTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] received(BodyBuffer body) {
        return Arrays.copyOf(body.array(), body.length());
    }

    @Test
    void chunksAreKeptInOrderWithoutTheirReaderIndexMoving() {
        BodyBuffer body = new BodyBuffer();
        byte[] a = bytes(10_000, 1);
        byte[] b = bytes(70_000, 2);
        ByteBuf first = Unpooled.wrappedBuffer(a);
        body.append(first, -1);
        body.append(Unpooled.wrappedBuffer(b), -1);
        assertThat(first.readerIndex()).isZero();
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(received(body)).isEqualTo(both);
    }

    @Test
    void aContentLengthSizesTheArrayOnceAndALongerBodyStillFits() {
        BodyBuffer body = new BodyBuffer();
        body.append(Unpooled.wrappedBuffer(bytes(100, 3)), 300);
        assertThat(body.array()).hasSize(300);
        body.append(Unpooled.wrappedBuffer(bytes(200, 4)), 300);
        assertThat(body.array()).hasSize(300);
        body.append(Unpooled.wrappedBuffer(bytes(50, 5)), 300);
        assertThat(body.length()).isEqualTo(350);
        assertThat(received(body)).startsWith(bytes(100, 3));
    }

    @Test
    void theArrayStaysForTheNextLoadOfTheConnectionUntilItCloses() {
        BodyBuffer body = new BodyBuffer();
        body.append(Unpooled.wrappedBuffer(bytes(1000, 6)), 1000);
        byte[] array = body.array();
        body.reset();
        assertThat(body.length()).isZero();
        body.append(Unpooled.wrappedBuffer(bytes(10, 7)), 10);
        assertThat(body.array()).isSameAs(array);
        assertThat(received(body)).isEqualTo(bytes(10, 7));
        body.free();
        assertThat(body.array()).isEmpty();
    }
}
