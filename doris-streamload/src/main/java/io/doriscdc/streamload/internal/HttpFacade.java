package io.doriscdc.streamload.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.LoadBody;
import io.doriscdc.streamload.StreamLoadSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.CharCodingConfig;
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
 * method, headers and body re-sent (a streamed body only while none of it was read). Credentials are never logged.
 * Over https the server's certificate is checked against {@code truststore} and its host name verified; a
 * certificate refused for either reason fails the request for good (retrying cannot help), naming the setting
 * to fix, and a redirect from https to plain http is refused. Thread-safe.
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
                TransportException refused = certificateRefused(target, e, headers.get("label"));
                if (refused != null) {
                    throw refused;
                }
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
            if ("https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new TransportException(method + " " + target + " was redirected to " + next + ", from https to plain http, where the "
                        + "credentials and rows would travel unencrypted; refused. Serve the BEs over https (Doris's enable_https on the BEs), "
                        + "or set transport setting 'scheme' to http if plain http is meant", false, headers.get("label"));
            }
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

    /**
     * A server certificate this client does not accept (an unknown CA, or a certificate for another host
     * name): final, with the setting to fix; null for any other failure, which stays a retryable I/O error.
     */
    private TransportException certificateRefused(URI target, IOException e, String label) {
        if (!(e instanceof SSLException)) {
            return null;
        }
        String server = target.getScheme() + "://" + target.getHost() + ":" + target.getPort();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                String trust = settings.truststore().map(p -> "trust store '" + p + "' (transport setting 'truststore')")
                        .orElse("the JDK's default trust store (transport setting 'truststore' is not set)");
                String fix = settings.scheme().equals("https") ? "set transport setting 'truststore'"
                        : "the FE redirected to https: set transport setting 'scheme' to https and 'truststore'";
                return new TransportException("the certificate of " + server + " is not trusted by " + trust + ": " + t.getMessage()
                        + "; " + fix + " to a PKCS12, JKS or PEM file holding the CA that signed the server's certificate "
                        + "(and 'truststore-password' for a PKCS12 or JKS store)", false, label, e);
            }
            if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException
                    && String.valueOf(t.getMessage()).matches("(?is).*(subject alternative|no name matching).*")) {
                return new TransportException("the certificate of " + server + " is not issued for '" + target.getHost() + "': "
                        + t.getMessage() + "; reach the server by a name its certificate carries (transport settings 'fe', 'be' or "
                        + "'be-address-map'), or have its certificate issued for " + target.getHost(), false, label, e);
            }
        }
        return null;
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
                // header values in UTF-8, as curl sends them and Doris reads them (libevent keeps the bytes,
                // http_request.cpp; the FE gets them as thrift strings): without a charset HttpCore writes
                // characters up to U+00FF as one Latin-1 byte and later ones as '?', so `größe` would reach
                // Doris as invalid UTF-8 and `名前` as `??`
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(Http1Config.DEFAULT)
                        .charCodingConfig(CharCodingConfig.custom().setCharset(StandardCharsets.UTF_8).build()).build())
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
            return SSLContexts.custom().loadTrustMaterial(trustStore(settings.truststore().get(), settings.truststorePassword()), null).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load trust store '" + settings.truststore().orElse(null) + "' (transport settings 'truststore', "
                    + "'truststore-password'): " + e.getMessage(), e);
        }
    }

    /** A PKCS12 or JKS store (the type is detected), or PEM CA certificates ({@code -----BEGIN CERTIFICATE-----}). */
    static KeyStore trustStore(Path file, String password) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        if (!new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
            return KeyStore.getInstance(file.toFile(), password.toCharArray());
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        return ks;
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
