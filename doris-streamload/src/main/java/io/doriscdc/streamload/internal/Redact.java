package io.doriscdc.streamload.internal;

import java.net.URI;
import java.net.URISyntaxException;

/** Removes credentials from URIs before they reach a log line or an exception message. Stateless. */
public final class Redact {

    private Redact() {
    }

    /** The URI without its user-info part (a redirect {@code Location} carries {@code user:password@}). */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + "/<unprintable path>");
        }
    }

    /** A Location header value made printable: user-info replaced by {@code ****@}. */
    public static String location(String location) {
        return location == null ? null : location.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1****@");
    }
}
