package io.doriscdc.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * One FE connection (§1.1, §2, Addendum): the Stream Load redirect, the 2PC redirect,
 * {@code get_load_state}, {@code backends} and SQL over HTTP. On the plain port of an FE with
 * {@code enable_https}, Stream Load and 2PC requests are sent to the HTTPS port instead. A response decided before the body
 * is sent at once and the connection closed if the client waits for {@code Expect}; otherwise
 * after the body.
 *
 * <p>Not sharable: one instance per connection, confined to its event loop.
 */
final class FeHandler extends ChannelInboundHandlerAdapter {
    private final EmulatorRuntime rt;
    private final NettyCluster cluster;
    private final String scheme;
    private final int httpsPort;
    private HttpRequest request;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private FullHttpResponse pending;
    private boolean sql;

    /**
     * @param scheme    the scheme this port speaks ({@code request.getScheme()} in Doris), used in the BE redirect
     * @param httpsPort the FE's HTTPS port that loads on this plain port are sent to ({@code enable_https}), or -1
     */
    FeHandler(EmulatorRuntime rt, NettyCluster cluster, String scheme, int httpsPort) {
        this.rt = rt;
        this.cluster = cluster;
        this.scheme = scheme;
        this.httpsPort = httpsPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                request = req;
                body.reset();
                sql = false;
                pending = route(req);
                if (pending != null && HttpUtil.is100ContinueExpected(req)) {
                    Http.write(ctx, req, pending, true);
                    pending = null;
                    request = null;
                } else if (pending == null && HttpUtil.is100ContinueExpected(req)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            }
            if (msg instanceof HttpContent content && request != null) {
                ByteBuf buf = content.content();
                if (sql && body.size() < 16 << 20) {
                    byte[] b = new byte[buf.readableBytes()];
                    buf.getBytes(buf.readerIndex(), b);
                    body.write(b, 0, b.length);
                }
                if (content instanceof LastHttpContent) {
                    FullHttpResponse r = sql ? Http.jsonResponse(SqlHttp.execute(rt, request, body.toByteArray())) : pending;
                    Http.write(ctx, request, r, false);
                    request = null;
                    pending = null;
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private FullHttpResponse route(HttpRequest req) {
        int injected = rt.faults.claimFeError();
        if (injected > 0) {
            HttpResponseStatus st = HttpResponseStatus.valueOf(injected);
            return Http.response(st, "application/json", Http.json(Map.of("status", injected, "error", st.reasonPhrase())));
        }
        String path = Http.path(req);
        String[] p = path.split("/");
        boolean put = req.method().equals(HttpMethod.PUT);
        boolean load = put && p.length == 5 && p[1].equals("api") && p[4].equals("_stream_load");
        boolean twoPc = put && (p.length == 4 || p.length == 5) && p[1].equals("api") && p[p.length - 1].equals("_stream_load_2pc");
        if ((load || twoPc) && httpsPort > 0) {
            return redirectToHttps(req);
        }
        if (load) {
            return streamLoad(req, path);
        }
        if (twoPc) {
            return twoPc(req, path);
        }
        Http.Credentials cred = Http.basicAuth(req);
        if (cred == null) {
            return Http.jsonResponse(Http.envelope("Unauthorized", 401, "Need auth information."));
        }
        if (!Http.authorized(cred, rt.config.users())) {
            return Http.jsonResponse(Http.envelope("Unauthorized", 401, Http.accessDenied(cred)));
        }
        boolean get = req.method().equals(HttpMethod.GET);
        if (get && p.length == 4 && p[1].equals("api") && p[3].equals("get_load_state")) {
            String label = Http.param(req, "label");
            if (label == null || label.isEmpty()) {
                return Http.jsonResponse(Http.envelope("Bad Request", 403, "No label selected."));
            }
            return Http.jsonResponse(Http.envelope("success", 0, rt.txns.stateOf(p[2], label).name()));
        }
        if (get && path.equals("/api/backends")) {
            boolean aliveOnly = "true".equalsIgnoreCase(Http.param(req, "is_alive"));
            List<Map<String, Object>> bes = new ArrayList<>();
            for (int i = 0; i < cluster.backendPorts().size(); i++) {
                boolean alive = cluster.isAlive(i);
                if (alive || !aliveOnly) {
                    Map<String, Object> be = new LinkedHashMap<>();
                    be.put("ip", "127.0.0.1");
                    be.put("http_port", cluster.backendPorts().get(i));
                    be.put("is_alive", alive);
                    bes.add(be);
                }
            }
            return Http.jsonResponse(Http.envelope("success", 0, Map.of("backends", bes)));
        }
        if (req.method().equals(HttpMethod.POST) && p.length == 5 && path.startsWith("/api/query/")) {
            sql = true;
            return null;
        }
        return Http.response(HttpResponseStatus.NOT_FOUND, "application/json",
                Http.json(Map.of("status", 404, "error", "Not Found", "path", path)));
    }

    /** §1.1: Expect check, then 307 to a BE round-robin, userinfo in the Location. */
    private FullHttpResponse streamLoad(HttpRequest req, String path) {
        if (!req.headers().contains(HttpHeaderNames.EXPECT)) {
            return Http.jsonResponse(Http.restBaseResult("There is no 100-continue header"));
        }
        String gc = req.headers().get("group_commit");
        if (gc != null && !List.of("sync_mode", "async_mode", "off_mode").contains(gc.toLowerCase(java.util.Locale.ROOT))) {
            return Http.jsonResponse(Http.restBaseResult("Header `group_commit` can only be `sync_mode`, `async_mode` or `off_mode`."));
        }
        return redirect(req, path);
    }

    /** §2: the FE checks txn_id/label and txn_operation (no Expect check), then redirects to a BE. */
    private FullHttpResponse twoPc(HttpRequest req, String path) {
        if (!req.headers().contains("txn_id") && !req.headers().contains("label")) {
            return Http.jsonResponse(Http.restBaseResult("No transaction id or label selected."));
        }
        if (!req.headers().contains("txn_operation")) {
            return Http.jsonResponse(Http.restBaseResult("No transaction operation('commit' or 'abort') selected."));
        }
        return redirect(req, path);
    }

    private FullHttpResponse redirect(HttpRequest req, String path) {
        Http.Credentials cred = Http.basicAuth(req);
        if (cred == null) {
            return Http.jsonResponse(Http.envelope("Unauthorized", 401, "Need auth information."));
        }
        if (!Http.authorized(cred, rt.config.users())) {
            return Http.jsonResponse(Http.envelope("Unauthorized", 401, Http.accessDenied(cred)));
        }
        int port = rt.faults.claimDeadRedirect() ? cluster.deadPort() : cluster.nextAliveBackendPort();
        if (port < 0) {
            return Http.jsonResponse(Http.restBaseResult("No backend alive."));
        }
        try {
            // RestBaseController.getRedirectUrL: new URI(request.getScheme(), userInfo, beHost, beHttpPort, path, "", null)
            URI uri = new URI(scheme, cred.user() + ":" + cred.password(), "127.0.0.1", port, path, "", null);
            String query = new QueryStringDecoder(req.uri()).rawQuery();
            FullHttpResponse r = Http.response(HttpResponseStatus.TEMPORARY_REDIRECT, "text/plain", "");
            r.headers().set(HttpHeaderNames.LOCATION, uri.toASCIIString() + (query == null ? "" : query));
            rt.counters.feRedirects.increment();
            return r;
        } catch (URISyntaxException e) {
            return Http.jsonResponse(Http.restBaseResult(e.getMessage()));
        }
    }

    /**
     * {@code RestBaseController.redirectToHttps}, which {@code LoadAction} answers Stream Load and 2PC
     * requests on the plain port with when {@code enable_https} is on, before any other check: 307 to
     * {@code "https://" + serverName + ":" + https_port + uri + "?" + query}, without user-info.
     */
    private FullHttpResponse redirectToHttps(HttpRequest req) {
        String host = req.headers().get(HttpHeaderNames.HOST, "127.0.0.1");
        String serverName = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String query = uri.rawQuery();
        FullHttpResponse r = Http.response(HttpResponseStatus.TEMPORARY_REDIRECT, "text/plain", "");
        r.headers().set(HttpHeaderNames.LOCATION, "https://" + serverName + ":" + httpsPort + uri.rawPath() + "?" + (query == null ? "" : query));
        return r;
    }
}
