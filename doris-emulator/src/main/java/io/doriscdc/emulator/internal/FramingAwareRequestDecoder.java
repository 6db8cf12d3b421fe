package io.doriscdc.emulator.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * An HTTP request decoder that remembers when a request carried both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} (Netty drops the length), so that the BE can answer Doris's
 * "please do not set both" error (§1.2). Not sharable.
 */
final class FramingAwareRequestDecoder extends HttpRequestDecoder {
    FramingAwareRequestDecoder() {
        super(new HttpDecoderConfig().setMaxChunkSize(64 * 1024).setMaxHeaderSize(64 * 1024));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        message.headers().set(LoadOptionsParser.BOTH_FRAMING, "true");
        super.handleTransferEncodingChunkedWithContentLength(message);
    }
}
