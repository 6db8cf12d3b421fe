package io.doriscdc.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/1.1 exchange over a socket, for what {@code java.net.http} cannot send or read: both
 * Content-Length and chunked, no framing at all, or an early final answer to {@code Expect:
 * 100-continue} with a body (JDK 17's client hangs on that, a client-side bug).
 */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends {@code head} (request line + headers, CRLF-separated, without the blank line) and {@code body}, reads until close. */
    static String exchange(int port, String head, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream resp = new ByteArrayOutputStream();
            in.transferTo(resp);
            return resp.toString(StandardCharsets.UTF_8);
        }
    }

    /** Sends only the head with {@code Expect: 100-continue} and a Content-Length, as a client waiting for 100 would, and reads the answer. */
    static String expectOnly(int port, String method, String path, String auth, String extraHeaders) throws IOException {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                + "\r\nExpect: 100-continue\r\nContent-Length: 2" + (extraHeaders.isEmpty() ? "" : "\r\n" + extraHeaders);
        return exchange(port, head, null);
    }
}
