package io.doriscdc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameRingTest {

    @Test
    void framesComeOutInOrderWithTheirLsn() {
        FrameRing ring = new FrameRing(4, 1 << 20);
        assertThat(ring.offer(ByteBuffer.wrap(new byte[] {1}), 10)).isTrue();
        assertThat(ring.offer(ByteBuffer.wrap(new byte[] {2}), 20)).isTrue();
        assertThat(ring.peekLsn()).isEqualTo(10);
        assertThat(ring.take().get(0)).isEqualTo((byte) 1);
        assertThat(ring.peekLsn()).isEqualTo(20);
        assertThat(ring.take().get(0)).isEqualTo((byte) 2);
        assertThat(ring.hasNext()).isFalse();
    }

    @Test
    void aFullRingRefusesWithoutBlocking() {
        FrameRing ring = new FrameRing(2, 1 << 20);
        assertThat(ring.offer(ByteBuffer.allocate(1), 1)).isTrue();
        assertThat(ring.offer(ByteBuffer.allocate(1), 2)).isTrue();
        assertThat(ring.offer(ByteBuffer.allocate(1), 3)).isFalse();
        ring.take();
        assertThat(ring.offer(ByteBuffer.allocate(1), 3)).isTrue();
    }

    @Test
    void theByteBudgetBoundsMemoryButAlwaysAdmitsOneFrame() {
        FrameRing ring = new FrameRing(64, 100);
        assertThat(ring.offer(ByteBuffer.allocate(500), 1)).isTrue(); // an empty ring takes any frame
        assertThat(ring.offer(ByteBuffer.allocate(1), 2)).isFalse();
        ring.take();
        assertThat(ring.bytes()).isZero();
        assertThat(ring.offer(ByteBuffer.allocate(60), 3)).isTrue();
        assertThat(ring.offer(ByteBuffer.allocate(60), 4)).isFalse();
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new FrameRing(100, 1)).hasMessageContaining("power of two");
    }

    @Test
    void aConsumerWaitingForAFrameIsWokenByTheProducer() throws Exception {
        FrameRing ring = new FrameRing(8, 1 << 20);
        Thread producer = new Thread(() -> ring.offer(ByteBuffer.allocate(1), 7));
        long start = System.nanoTime();
        producer.start();
        while (!ring.hasNext()) {
            ring.awaitFrame(10, TimeUnit.SECONDS);
        }
        assertThat(ring.peekLsn()).isEqualTo(7);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        producer.join();
    }

    @Test
    void manyFramesCrossThreadsIntact() throws Exception {
        FrameRing ring = new FrameRing(64, 1 << 20);
        int n = 200_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.allocate(4).putInt(0, i);
                while (!ring.offer(b, i)) {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        for (int i = 0; i < n; i++) {
            while (!ring.hasNext()) {
                ring.awaitFrame(1, TimeUnit.MILLISECONDS);
            }
            assertThat(ring.peekLsn()).isEqualTo(i);
            assertThat(ring.take().getInt(0)).isEqualTo(i);
        }
        producer.join();
    }
}
