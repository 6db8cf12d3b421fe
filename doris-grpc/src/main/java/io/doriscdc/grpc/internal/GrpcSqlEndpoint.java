package io.doriscdc.grpc.internal;

import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.grpc.proto.SqlReply;
import io.doriscdc.grpc.proto.SqlRequest;
import io.doriscdc.grpc.proto.SqlRow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link SqlEndpoint} through a gateway's {@code DorisSql} service; tries each gateway once on UNAVAILABLE. Thread-safe. */
public final class GrpcSqlEndpoint implements SqlEndpoint {

    private final GatewayChannels channels;
    private final Duration deadline;

    public GrpcSqlEndpoint(GatewayChannels channels, Duration deadline) {
        this.channels = channels;
        this.deadline = deadline;
    }

    @Override
    public List<Map<String, Object>> execute(String database, String statement) {
        StatusRuntimeException last = null;
        for (int i = 0; i < channels.size(); i++) {
            int gw = channels.pick();
            try {
                SqlReply reply = channels.sql(gw).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                        .execute(SqlRequest.newBuilder().setDb(database).setStatement(statement).build());
                return rows(reply);
            } catch (StatusRuntimeException e) {
                last = e;
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    break;
                }
            }
        }
        Status s = last.getStatus();
        boolean retryable = s.getCode() == Status.Code.UNAVAILABLE || s.getCode() == Status.Code.DEADLINE_EXCEEDED;
        throw new TransportException("SQL on " + database + " through the gateway failed: " + s.getCode()
                + (s.getDescription() == null ? "" : " " + s.getDescription()), retryable, null, last);
    }

    private static List<Map<String, Object>> rows(SqlReply reply) {
        List<Map<String, Object>> out = new ArrayList<>(reply.getRowsCount());
        for (SqlRow r : reply.getRowsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < reply.getColumnsCount(); i++) {
                m.put(reply.getColumns(i), SqlService.fromValue(r.getValues(i)));
            }
            out.add(Collections.unmodifiableMap(m));
        }
        return List.copyOf(out);
    }
}
