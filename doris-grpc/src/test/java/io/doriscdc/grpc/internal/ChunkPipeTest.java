package io.doriscdc.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    private final List<String> events = new ArrayList<>();

    private ChunkPipe pipe(long length, Duration idle) {
        return new ChunkPipe(length, idle, new ChunkPipe.Demand() {
            @Override
            public void started() {
                synchronized (events) {
                    events.add("started");
                }
            }

            @Override
            public void consumed(long bytes) {
                synchronized (events) {
                    events.add("consumed " + bytes);
                }
            }
        });
    }

    private static ByteString chunk(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedBodyWritesChunksAsTheyComeAndOnlyOnce() throws Exception {
        ChunkPipe p = pipe(6, Duration.ofSeconds(5));
        assertThat(p.replayable()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                p.writeTo(out);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(p.offer(chunk("abc"))).isTrue();
        assertThat(p.offer(chunk("def"))).isTrue();
        writer.get(5, TimeUnit.SECONDS);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abcdef");
        assertThat(events).containsExactly("started", "consumed 3", "consumed 3");
        assertThat(p.replayable()).isFalse();
        assertThatThrownBy(() -> p.writeTo(new ByteArrayOutputStream())).hasMessageContaining("only once");
    }

    @Test
    void anAbortFailsTheWriterAndReturnsTheBytesNeverTaken() throws Exception {
        ChunkPipe p = pipe(100, Duration.ofSeconds(5));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                p.writeTo(new ByteArrayOutputStream());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        p.offer(chunk("12345"));
        org.awaitility.Awaitility.await().until(() -> p.queued() == 0);
        p.offer(chunk("678"));
        long back = p.abort("the client went away");

        assertThatThrownBy(() -> writer.get(5, TimeUnit.SECONDS)).hasMessageContaining("load body ended after")
                .hasMessageContaining("the client went away");
        assertThat(back).isIn(0L, 3L); // the writer may have taken the second chunk before the abort
        assertThat(p.offer(chunk("late"))).isFalse();
    }

    @Test
    void aFailedWriteGivesBackItsChunkAndTheQueuedOnesAndClosesThePipe() {
        ChunkPipe p = pipe(10, Duration.ofSeconds(5));
        p.offer(chunk("1234"));
        p.offer(chunk("56"));
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        assertThatThrownBy(() -> p.writeTo(broken)).hasMessageContaining("Broken pipe");
        assertThat(events).containsExactly("started", "consumed 6");
        assertThat(p.isOpen()).isFalse();
        assertThat(p.offer(chunk("78"))).isFalse();
    }

    @Test
    void aBodyWhoseChunksStopComingFailsAfterTheIdleTimeout() {
        ChunkPipe p = pipe(10, Duration.ofMillis(50));
        p.offer(chunk("12"));
        assertThatThrownBy(() -> p.writeTo(new ByteArrayOutputStream())).isInstanceOf(IOException.class)
                .hasMessageContaining("after 2 of 10 bytes").hasMessageContaining("no payload arrived for 50 ms");
    }
}
