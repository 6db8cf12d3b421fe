package io.doriscdc.streamload.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.StreamLoadSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's one pooled HTTP client (Apache HttpClient 5, classic), built on first use and never
 * rebuilt. It sends Basic credentials preemptively on every leg and follows the FE's 307 itself:
 * HttpClient 5 would drop {@code Authorization} on the cross-port redirect and rejects the user-info
 * the FE puts in {@code Location}, so the user-info is stripped, the BE address mapped, and the same
 * method, headers and body re-sent (a streamed body only while none of it was read). Credentials are never logged. Thread-safe.
 */
public final class HttpFacade implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFacade.class);
    private static final int MAX_REDIRECTS = 3;

    private final StreamLoadSettings settings;
    private final String authorization;
    private final int threads;
    private volatile CloseableHttpClient client;
    private volatile boolean closed;

    /** A client for {@code threads} threads sending at once (the pool has connections for each, and a few for control calls). */
    public HttpFacade(StreamLoadSettings settings, int threads) {
        this.settings = settings;
        this.threads = threads;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a request, following up to three redirects. The body (may be null) is re-sent on every leg.
     *
     * @throws HopException on an I/O failure, naming the leg
     */
    public HttpReply send(String method, URI uri, Map<String, String> headers, byte[] body, int length, Duration responseTimeout)
            throws HopException {
        return send(method, uri, headers, body == null ? null : LoadBody.of(body, length), responseTimeout, new InFlight());
    }

    /**
     * Sends a request, following up to three redirects, with a body that is re-sent on every leg while it
     * is {@linkplain LoadBody#replayable() replayable}; {@code inFlight} may abort it from another thread.
     *
     * @throws HopException on an I/O failure (an abort included), naming the leg
     * @throws TransportException (retryable) when a redirect would need a streamed body a second time
     */
    public HttpReply send(String method, URI uri, Map<String, String> headers, LoadBody body, Duration responseTimeout, InFlight inFlight)
            throws HopException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            if (body != null && !body.replayable()) {
                // not an I/O failure of this leg's server: the body was read by the one before, which then redirected
                throw new TransportException("the streamed body of " + headers.getOrDefault("label", method + " " + uri)
                        + " was read on an earlier leg, which then redirected to " + target
                        + ", and cannot be sent again; load straight into the BEs ('be' or 'discover-backends') to stream",
                        true, headers.get("label"));
            }
            HttpUriRequestBase request = new HttpUriRequestBase(method, target);
            request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(responseTimeout))
                    .setRedirectsEnabled(false).setExpectContinueEnabled(true).build());
            request.setHeader("Authorization", authorization);
            headers.forEach(request::setHeader);
            if (body != null) {
                request.setEntity(new BodyEntity(body));
            }
            Leg leg;
            inFlight.started(request);
            try {
                leg = client().execute(request, response -> {
                    Header location = response.getFirstHeader("Location");
                    String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                    return new Leg(response.getCode(), text, location == null ? null : location.getValue());
                });
            } catch (IOException e) {
                throw new HopException(hop, target, e);
            } finally {
                inFlight.ended();
            }
            if (leg.status() != 307 && leg.status() != 302 && leg.status() != 301 && leg.status() != 308) {
                return new HttpReply(leg.status(), leg.body(), target);
            }
            if (leg.location() == null || hop >= MAX_REDIRECTS) {
                return new HttpReply(leg.status(), "redirect without usable Location after " + (hop + 1) + " legs", target);
            }
            URI next = redirectTarget(target, leg.location());
            LOG.debug("{} {} redirected to {}", method, target, next);
            target = next;
        }
    }

    private record Leg(int status, String body, String location) {
    }

    /** A {@link LoadBody} as a request entity with a known {@code Content-Length}. */
    private static final class BodyEntity extends AbstractHttpEntity {
        private final LoadBody body;

        BodyEntity(LoadBody body) {
            super(ContentType.APPLICATION_OCTET_STREAM, null);
            this.body = body;
        }

        @Override
        public long getContentLength() {
            return body.length();
        }

        @Override
        public boolean isRepeatable() {
            return body.replayable();
        }

        @Override
        public boolean isStreaming() {
            return !(body instanceof LoadBody.Bytes);
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("a load body is written, not read");
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            if (!EarlyAnswer.skipBody()) {
                body.writeTo(out);
            }
        }

        @Override
        public void close() {
        }
    }

    private URI redirectTarget(URI from, String location) throws HopException {
        try {
            URI raw = from.resolve(new URI(location));
            URI clean = Redact.withoutUserInfo(raw);
            StreamLoadSettings.Address mapped = settings.beAddressMap().get(new StreamLoadSettings.Address(clean.getHost(), clean.getPort()));
            if (mapped != null) {
                clean = new URI(clean.getScheme(), null, mapped.host(), mapped.port(), clean.getPath(), clean.getQuery(), null);
            }
            return clean;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HopException(0, from, new IOException("unusable redirect Location " + Redact.location(location)));
        }
    }

    /** Maps a BE address through {@code be-address-map}. */
    public StreamLoadSettings.Address map(StreamLoadSettings.Address be) {
        return settings.beAddressMap().getOrDefault(be, be);
    }

    private CloseableHttpClient client() throws IOException {
        CloseableHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (closed) {
                    throw new IOException("transport is closed");
                }
                c = client;
                if (c == null) {
                    c = build();
                    client = c;
                }
            }
        }
        return c;
    }

    private CloseableHttpClient build() {
        PoolingHttpClientConnectionManagerBuilder cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(Math.max(8, threads * 4))
                .setMaxConnPerRoute(Math.max(4, threads * 2))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout().compareTo(settings.loadTimeout()) > 0
                                ? settings.readTimeout() : settings.loadTimeout()))
                        .build());
        if (settings.scheme().equals("https")) {
            cm.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext()));
        }
        return HttpClients.custom().setConnectionManager(cm.build()).disableRedirectHandling().disableAutomaticRetries()
                .disableCookieManagement().disableAuthCaching()
                .setRequestExecutor(new HttpRequestExecutor(Http1Config.DEFAULT, EarlyAnswer.INSTANCE, EarlyAnswer.INSTANCE))
                .setConnectionReuseStrategy(EarlyAnswer.INSTANCE).build();
    }

    private SSLContext sslContext() {
        try {
            if (settings.truststore().isEmpty()) {
                return SSLContexts.createSystemDefault();
            }
            char[] pw = settings.truststorePassword().toCharArray();
            KeyStore ks = KeyStore.getInstance(settings.truststore().get().toFile(), pw);
            return SSLContexts.custom().loadTrustMaterial(ks, null).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load trust store '" + settings.truststore().orElse(null) + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (client != null) {
                client.close(CloseMode.IMMEDIATE);
            }
        }
    }
}
