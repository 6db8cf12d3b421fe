package io.doriscdc.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.InstanceStatus;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The answers of {@code GET /health/live} and {@code GET /health/ready} (docs/operations.md,
 * "Health endpoints"), from the pipeline's {@link InstanceStatus}:
 * <ul>
 *   <li>live: 200 while the instance starts, streams or stands by; 503 once it failed or stopped
 *       (a process to restart);</li>
 *   <li>ready: 200 only while it is the active instance and streams; 503 while it starts, stands by,
 *       reconnects, failed or stopped.</li>
 * </ul>
 * Each body is one JSON object: {@code status} (UP or DOWN), {@code state}, {@code streaming},
 * {@code instance}, {@code term} and {@code detail} (why). Thread-safe.
 */
public final class Health {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP status and its JSON body. */
    public record Answer(int status, String body) {
    }

    private volatile Supplier<InstanceStatus> instance =
            () -> new InstanceStatus("-", InstanceState.STARTING, false, 0, "the pipeline is being created", Instant.now());

    /** Where the answers read the instance's state from ({@code Pipeline::instance}). */
    public void from(Supplier<InstanceStatus> supplier) {
        this.instance = supplier;
    }

    public Answer live() {
        InstanceStatus s = read();
        boolean up = s.state() != InstanceState.FAILED && s.state() != InstanceState.STOPPED;
        return answer(up, s);
    }

    public Answer ready() {
        InstanceStatus s = read();
        return answer(s.state() == InstanceState.ACTIVE && s.streaming(), s);
    }

    private InstanceStatus read() {
        try {
            return instance.get();
        } catch (RuntimeException e) {
            return new InstanceStatus("-", InstanceState.FAILED, false, 0, "cannot read the pipeline's state: " + e, Instant.now());
        }
    }

    private static Answer answer(boolean up, InstanceStatus s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", up ? "UP" : "DOWN");
        o.put("state", s.state().name());
        o.put("streaming", s.streaming());
        o.put("instance", s.instanceId());
        o.put("term", s.term());
        o.put("detail", s.detail());
        return new Answer(up ? 200 : 503, o.toString());
    }
}
