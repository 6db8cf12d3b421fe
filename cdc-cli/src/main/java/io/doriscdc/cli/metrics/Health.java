package io.doriscdc.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doriscdc.runtime.InstanceState;
import io.doriscdc.runtime.InstanceStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
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
 * {@code instance}, {@code term} and {@code detail} (why). A process of several pipelines
 * ({@link #fromAll}) answers UP only when every pipeline is. Thread-safe.
 */
public final class Health {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP status and its JSON body. */
    public record Answer(int status, String body) {
    }

    private volatile Map<String, Supplier<InstanceStatus>> instances = Map.of("-",
            () -> new InstanceStatus("-", InstanceState.STARTING, false, 0, "the pipeline is being created", Instant.now()));

    /** Where the answers read the instance's state from ({@code Pipeline::instance}). */
    public void from(Supplier<InstanceStatus> supplier) {
        this.instances = Map.of("-", supplier);
    }

    /**
     * Several pipelines of one process, by name: live while every one is live, ready while every one
     * is ready; the body then has {@code status} and a {@code pipelines} object of each one's answer.
     */
    public void fromAll(Map<String, Supplier<InstanceStatus>> byName) {
        this.instances = byName.size() == 1 ? Map.of("-", byName.values().iterator().next()) : new LinkedHashMap<>(byName);
    }

    public Answer live() {
        return answer(s -> s.state() != InstanceState.FAILED && s.state() != InstanceState.STOPPED);
    }

    public Answer ready() {
        return answer(s -> s.state() == InstanceState.ACTIVE && s.streaming());
    }

    private Answer answer(Predicate<InstanceStatus> up) {
        Map<String, Supplier<InstanceStatus>> all = instances;
        if (all.size() == 1) {
            InstanceStatus s = read(all.values().iterator().next());
            return answer(up.test(s), s);
        }
        ObjectNode o = JSON.createObjectNode();
        ObjectNode each = JSON.createObjectNode();
        boolean allUp = true;
        for (Map.Entry<String, Supplier<InstanceStatus>> e : all.entrySet()) {
            InstanceStatus s = read(e.getValue());
            allUp &= up.test(s);
            each.set(e.getKey(), body(up.test(s), s));
        }
        o.put("status", allUp ? "UP" : "DOWN");
        o.set("pipelines", each);
        return new Answer(allUp ? 200 : 503, o.toString());
    }

    private static InstanceStatus read(Supplier<InstanceStatus> instance) {
        try {
            return instance.get();
        } catch (RuntimeException e) {
            return new InstanceStatus("-", InstanceState.FAILED, false, 0, "cannot read the pipeline's state: " + e, Instant.now());
        }
    }

    private static Answer answer(boolean up, InstanceStatus s) {
        return new Answer(up ? 200 : 503, body(up, s).toString());
    }

    private static ObjectNode body(boolean up, InstanceStatus s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", up ? "UP" : "DOWN");
        o.put("state", s.state().name());
        o.put("streaming", s.streaming());
        o.put("instance", s.instanceId());
        o.put("term", s.term());
        o.put("detail", s.detail());
        return o;
    }
}
