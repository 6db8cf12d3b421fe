package io.doriscdc.emulator.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One BE connection (§1.2, §1.3, §2): Stream Load, the 2PC endpoint and the error log. Headers
 * are checked and the transaction begun before the body is read, as the BE does in
 * {@code on_header}; an error then is answered at once (dropping {@code 100 Continue}) when the
 * client waits for {@code Expect}, else after the body was drained.
 *
 * <p>Not sharable: one instance per connection, confined to its event loop.
 */
final class BeHandler extends ChannelInboundHandlerAdapter {
    private final EmulatorRuntime rt;
    private final int port;
    private final LoadFinisher finisher;
    private HttpRequest request;
    private LoadSession load;
    private FullHttpResponse pending;
    private boolean twoPc;
    private boolean discard;

    BeHandler(EmulatorRuntime rt, int port) {
        this.rt = rt;
        this.port = port;
        this.finisher = new LoadFinisher(rt, port);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                onRequest(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        request = req;
        load = null;
        pending = null;
        twoPc = false;
        discard = false;
        String[] parts = Http.path(req).split("/");
        if (req.decoderResult().isFailure()) {
            // Netty refuses Content-Length together with chunked (RFC 9112); Doris answers its own text (§1.2).
            boolean both = req.headers().contains("content-length") && req.headers().contains("transfer-encoding");
            FullHttpResponse r = both && parts.length == 5
                    ? finisher.failed(new LoadSession(req, parts[2], parts[3]), LoadException.be("INVALID_ARGUMENT",
                            "please do not set both content_length and transfer-encoding"))
                    : Http.response(HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request");
            Http.write(ctx, req, r, true);
            discard = true;
            return;
        }
        if (req.method().equals(HttpMethod.PUT) && parts.length == 5 && parts[1].equals("api")
                && parts[4].equals("_stream_load")) {
            load = new LoadSession(req, parts[2], parts[3]);
            LoadException early = finisher.begin(ctx, load);
            if (early != null) {
                answerEarly(ctx, finisher.failed(load, early));
            } else if (HttpUtil.is100ContinueExpected(req)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
        } else if (req.method().equals(HttpMethod.PUT) && (parts.length == 4 || parts.length == 5)
                && parts[1].equals("api") && parts[parts.length - 1].equals("_stream_load_2pc")) {
            twoPc = true;
        } else if (req.method().equals(HttpMethod.GET) && Http.path(req).equals("/api/_load_error_log")) {
            String text = rt.errorLogs.get(String.valueOf(Http.param(req, "file")));
            pending = text == null ? Http.response(HttpResponseStatus.NOT_FOUND, "text/plain", "file not found")
                    : Http.response(HttpResponseStatus.OK, "text/plain; version=0.0.4", text);
        } else {
            pending = Http.response(HttpResponseStatus.NOT_FOUND, "text/plain", "Not Found");
        }
    }

    /** Answers before the body: at once and close if the client waits for 100-continue, else after draining. */
    private void answerEarly(ChannelHandlerContext ctx, FullHttpResponse r) {
        load = null;
        if (HttpUtil.is100ContinueExpected(request)) {
            Http.write(ctx, request, r, true);
            discard = true;
        } else {
            pending = r;
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (discard) {
            return;
        }
        if (load != null) {
            ByteBuf buf = content.content();
            if (buf.isReadable()) {
                if (load.resetMidBody) {
                    finisher.resetMidBody(load);
                    load = null;
                    discard = true;
                    Http.reset(ctx);
                    return;
                }
                finisher.append(load, buf);
                if (!(content instanceof LastHttpContent)) {
                    throttle(ctx, buf.readableBytes());
                }
            }
            if (content instanceof LastHttpContent) {
                // the body is read: read the next request on this connection at full speed again
                ctx.channel().config().setAutoRead(true);
                LoadSession s = load;
                load = null;
                finisher.finish(ctx, s);
            }
            return;
        }
        if (twoPc) {
            if (content instanceof LastHttpContent) {
                FullHttpResponse r = Http.jsonResponse(TwoPcHandler.handle(rt, request));
                delayed(ctx, () -> Http.write(ctx, request, r, false));
            }
            return;
        }
        if (content instanceof LastHttpContent && pending != null) {
            FullHttpResponse r = pending;
            pending = null;
            Http.write(ctx, request, r, false);
        }
    }

    private void throttle(ChannelHandlerContext ctx, int bytes) {
        int bps = rt.faults.slowReadBytesPerSecond();
        if (bps > 0) {
            ctx.channel().config().setAutoRead(false);
            long delayMs = Math.max(1, bytes * 1000L / bps);
            ctx.executor().schedule(() -> ctx.channel().read(), delayMs, TimeUnit.MILLISECONDS);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void delayed(ChannelHandlerContext ctx, Runnable r) {
        long ms = rt.faults.responseDelay().toMillis();
        if (ms > 0) {
            ctx.executor().schedule(r, ms, TimeUnit.MILLISECONDS);
        } else {
            r.run();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (load != null) {
            finisher.connectionLost(load);
            load = null;
        }
        finisher.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (load != null) {
            finisher.connectionLost(load);
            load = null;
        }
        ctx.close();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
