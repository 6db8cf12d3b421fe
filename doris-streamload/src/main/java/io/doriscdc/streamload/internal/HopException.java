package io.doriscdc.streamload.internal;

import java.io.IOException;
import java.net.URI;

/**
 * An I/O failure on one leg of a request: {@code hop} 0 is the first server asked (an FE, or a BE in
 * direct mode), 1 the BE it redirected to. Whether the server acted on the request is unknown.
 */
public final class HopException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int hop;
    private final transient URI uri;

    public HopException(int hop, URI uri, IOException cause) {
        super("I/O error talking to " + uri + ": " + cause, cause);
        this.hop = hop;
        this.uri = uri;
    }

    public int hop() {
        return hop;
    }

    public URI uri() {
        return uri;
    }
}
