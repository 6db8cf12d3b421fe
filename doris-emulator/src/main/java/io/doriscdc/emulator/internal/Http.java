package io.doriscdc.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/** HTTP helpers shared by the FE and BE handlers: JSON responses, Basic auth, query parameters. Stateless. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Basic credentials, or null when the header is absent or not valid Basic. */
    record Credentials(String user, String password) {
    }

    static Credentials basicAuth(HttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String accessDenied(Credentials c) {
        return "Access denied for user '" + c.user() + "'@'127.0.0.1' (using password: "
                + (c.password().isEmpty() ? "NO" : "YES") + ")";
    }

    static boolean authorized(Credentials c, Map<String, String> users) {
        return c != null && users.containsKey(c.user()) && users.get(c.user()).equals(c.password());
    }

    static String param(HttpRequest req, String name) {
        List<String> v = new QueryStringDecoder(req.uri()).parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String path(HttpRequest req) {
        return new QueryStringDecoder(req.uri()).path();
    }

    static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    /** The FE's {@code RestBaseResult}: {@code {"status":"FAILED","msg":...}} (§1.1). */
    static Map<String, Object> restBaseResult(String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "FAILED");
        m.put("msg", msg);
        return m;
    }

    /** The FE's {@code ResponseBody} envelope {@code {"msg","code","data","count"}}. */
    static Map<String, Object> envelope(String msg, int code, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msg", msg);
        m.put("code", code);
        m.put("data", data);
        m.put("count", 0);
        return m;
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    static FullHttpResponse jsonResponse(Object body) {
        return response(HttpResponseStatus.OK, "application/json;charset=UTF-8", json(body));
    }

    /** Writes the response; closes the connection if asked to or if the request was not keep-alive. */
    static void write(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r, boolean close) {
        boolean keepAlive = !close && req != null && HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (ctx.channel().isActive()) {
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            r.release();
        }
    }

    /** Closes with TCP RST (SO_LINGER 0), as a crashed peer would. */
    static void reset(ChannelHandlerContext ctx) {
        ctx.channel().config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        ctx.channel().close();
    }
}
