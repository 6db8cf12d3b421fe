package io.doriscdc.grpc.internal;

import io.doriscdc.api.transport.SqlEndpoint;
import io.doriscdc.grpc.proto.DorisSqlGrpc;
import io.doriscdc.grpc.proto.SqlReply;
import io.doriscdc.grpc.proto.SqlRequest;
import io.doriscdc.grpc.proto.SqlRow;
import io.doriscdc.grpc.proto.SqlValue;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code DorisSql} service: the FE SQL endpoint of the gateway's Doris settings. Thread-safe. */
public final class SqlService extends DorisSqlGrpc.DorisSqlImplBase {

    private final Optional<SqlEndpoint> sql;

    public SqlService(Optional<SqlEndpoint> sql) {
        this.sql = sql;
    }

    @Override
    public void execute(SqlRequest req, StreamObserver<SqlReply> out) {
        if (sql.isEmpty()) {
            out.onError(Status.PERMISSION_DENIED.withDescription("this gateway offers no SQL: it has no FE address or SQL was turned off")
                    .asRuntimeException());
            return;
        }
        IngestService.unary(out, () -> toReply(sql.get().execute(req.getDb(), req.getStatement())));
    }

    static SqlReply toReply(List<Map<String, Object>> rows) {
        SqlReply.Builder b = SqlReply.newBuilder();
        if (rows.isEmpty()) {
            return b.build();
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        b.addAllColumns(columns);
        for (Map<String, Object> row : rows) {
            SqlRow.Builder r = SqlRow.newBuilder();
            for (String c : columns) {
                r.addValues(value(row.get(c)));
            }
            b.addRows(r);
        }
        return b.build();
    }

    private static SqlValue value(Object v) {
        SqlValue.Builder b = SqlValue.newBuilder();
        if (v == null) {
            return b.setNullValue(true).build();
        }
        if (v instanceof Boolean x) {
            return b.setBoolean(x).build();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return b.setInteger(((Number) v).longValue()).build();
        }
        if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Number) {
            return b.setDecimal(v.toString()).build();
        }
        return b.setText(v.toString()).build();
    }

    /** Client side: back to rows of Long, BigDecimal, Boolean, String or null. */
    public static Object fromValue(SqlValue v) {
        return switch (v.getKindCase()) {
            case BOOLEAN -> v.getBoolean();
            case INTEGER -> v.getInteger();
            case DECIMAL -> new BigDecimal(v.getDecimal());
            case TEXT -> v.getText();
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }
}
