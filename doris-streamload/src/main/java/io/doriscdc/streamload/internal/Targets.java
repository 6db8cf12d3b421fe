package io.doriscdc.streamload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doriscdc.streamload.StreamLoadSettings;
import io.doriscdc.streamload.StreamLoadSettings.Address;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where requests go. Loads go to BEs directly when {@code be} is set or backends are discovered
 * ({@code GET /api/backends?is_alive=true}, cached for a minute and refreshed after a failure), round
 * robin; otherwise to the current FE, which redirects. FE calls (2PC, load state, SQL, discovery) go to
 * the current FE; after an I/O failure on it, {@link #feFailed(URI)} moves on to the next one. Thread-safe.
 */
public final class Targets {

    private static final Logger LOG = LoggerFactory.getLogger(Targets.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DISCOVERY_TTL_NANOS = 60_000_000_000L;

    private final StreamLoadSettings settings;
    private final HttpFacade http;
    private final AtomicInteger fe = new AtomicInteger();
    private final AtomicInteger be = new AtomicInteger();
    private final AtomicReference<Discovered> discovered = new AtomicReference<>();

    private record Discovered(List<Address> backends, long atNanos) {
    }

    public Targets(StreamLoadSettings settings, HttpFacade http) {
        this.settings = settings;
        this.http = http;
    }

    public boolean hasFe() {
        return !settings.fe().isEmpty();
    }

    /** The base URI of the current FE. */
    public URI fe() {
        List<Address> fes = settings.fe();
        return base(fes.get(Math.floorMod(fe.get(), fes.size())));
    }

    /** An FE did not answer: later calls use the next one. */
    public void feFailed(URI failed) {
        if (hasFe() && failed.getPort() == fe().getPort() && failed.getHost().equals(fe().getHost())) {
            int next = fe.incrementAndGet();
            LOG.warn("FE {} did not answer; switching to {}", failed.getHost() + ":" + failed.getPort(),
                    settings.fe().get(Math.floorMod(next, settings.fe().size())));
        }
    }

    /** The base URI a load goes to: a BE in direct mode, otherwise the current FE. */
    public URI loadBase() throws HopException {
        List<Address> bes = settings.be();
        if (bes.isEmpty() && settings.discoverBackends()) {
            bes = discoveredBackends();
        }
        if (bes.isEmpty()) {
            return fe();
        }
        return base(http.map(bes.get(Math.floorMod(be.getAndIncrement(), bes.size()))));
    }

    /** Whether loads bypass the FE. */
    public boolean direct() {
        return !settings.be().isEmpty() || settings.discoverBackends();
    }

    /** A BE failed in discovery mode: the list is fetched again before the next load. */
    public void backendFailed() {
        if (settings.discoverBackends()) {
            discovered.set(null);
        }
    }

    private List<Address> discoveredBackends() throws HopException {
        Discovered d = discovered.get();
        if (d != null && System.nanoTime() - d.atNanos() < DISCOVERY_TTL_NANOS) {
            return d.backends();
        }
        URI uri = fe().resolve("/api/backends?is_alive=true");
        HttpReply reply;
        try {
            reply = http.send("GET", uri, Map.of(), null, 0, settings.readTimeout());
        } catch (HopException e) {
            feFailed(uri);
            throw e;
        }
        List<Address> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new HopException(0, uri, e);
        }
        for (JsonNode b : root.path("data").path("backends")) {
            if (b.path("is_alive").asBoolean(true)) {
                out.add(new Address(b.path("ip").asText(), b.path("http_port").asInt()));
            }
        }
        if (out.isEmpty()) {
            throw new HopException(0, uri, new IOException("FE lists no live backend: " + reply.status() + " " + abbreviate(reply.body())));
        }
        discovered.set(new Discovered(List.copyOf(out), System.nanoTime()));
        return out;
    }

    private URI base(Address a) {
        return URI.create(settings.scheme() + "://" + (a.host().contains(":") ? "[" + a.host() + "]" : a.host()) + ":" + a.port());
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
