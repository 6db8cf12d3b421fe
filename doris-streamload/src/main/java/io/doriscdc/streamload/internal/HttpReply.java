package io.doriscdc.streamload.internal;

import java.net.URI;

/**
 * An HTTP answer: status, body text and the (credential-free) URI that gave it. Immutable.
 *
 * @param status the HTTP status
 * @param body the body as UTF-8 text (empty when none)
 * @param uri where the answer came from, after redirects, without user-info
 */
public record HttpReply(int status, String body, URI uri) {
}
