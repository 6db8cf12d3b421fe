package io.doriscdc.streamload.internal;

import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.Http1StreamListener;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Keeps a body from being sent once the server has answered without asking for it. A request with
 * {@code Expect: 100-continue} that gets a final answer first (Doris's BE answers Label Already Exists
 * and other header errors with HTTP 200 before reading the body, then closes; the FE answers 307) is
 * still followed by its body in HttpCore 5 classic (for 2xx; for 3xx when the body is at most 1 KiB).
 * That wastes the upload, ends in a broken pipe that hides the answer, and would read a streamed body
 * the next leg needs. So this listener notes the early answer, {@link #skipBody()} tells the entity to
 * write nothing, and the connection (its framing now broken) is not reused. State is per thread: the
 * classic client runs a request's whole exchange on the caller's thread. Stateless otherwise.
 */
final class EarlyAnswer implements Http1StreamListener, ConnectionReuseStrategy {

    static final EarlyAnswer INSTANCE = new EarlyAnswer();

    private static final class State {
        boolean awaitingContinue;
        boolean bodyStarted;
        boolean answeredEarly;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private EarlyAnswer() {
    }

    /** True when the server answered this thread's request before it asked for the body: write none of it. */
    static boolean skipBody() {
        State s = STATE.get();
        if (s.answeredEarly) {
            return true;
        }
        s.bodyStarted = true;
        return false;
    }

    @Override
    public void onRequestHead(HttpConnection connection, HttpRequest request) {
        State s = STATE.get();
        s.awaitingContinue = request.containsHeader("Expect");
        s.bodyStarted = false;
        s.answeredEarly = false;
    }

    @Override
    public void onResponseHead(HttpConnection connection, HttpResponse response) {
        State s = STATE.get();
        if (s.awaitingContinue && !s.bodyStarted) {
            if (response.getCode() >= 200) {
                s.answeredEarly = true;
            } else if (response.getCode() == 100) {
                s.awaitingContinue = false;
            }
        }
    }

    @Override
    public void onExchangeComplete(HttpConnection connection, boolean keepAlive) {
    }

    @Override
    public boolean keepAlive(HttpRequest request, HttpResponse response, HttpContext context) {
        return !STATE.get().answeredEarly && DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context);
    }
}
