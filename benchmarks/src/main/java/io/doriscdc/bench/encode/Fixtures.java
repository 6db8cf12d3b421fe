package io.doriscdc.bench.encode;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.value.ObjectRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The 10-column table of the benchmarks and rows of it. */
final class Fixtures {

    static final TableSchema SCHEMA = new TableSchema(TableId.of("public", "orders"), 1, ReplicaIdentity.DEFAULT, List.of(
            new Column("id", ColumnType.of(20, -1, LogicalType.INT64, "int8"), true, false),
            new Column("name", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("email", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("city", ColumnType.of(25, -1, LogicalType.TEXT, "text"), false, true),
            new Column("qty", ColumnType.of(23, -1, LogicalType.INT32, "int4"), false, true),
            new Column("price", ColumnType.of(1700, ((12 << 16) | 2) + 4, LogicalType.NUMERIC, "numeric"), false, true),
            new Column("score", ColumnType.of(701, -1, LogicalType.FLOAT64, "float8"), false, true),
            new Column("created", ColumnType.of(1184, 6, LogicalType.TIMESTAMPTZ, "timestamptz"), false, true),
            new Column("active", ColumnType.of(16, -1, LogicalType.BOOLEAN, "bool"), false, true),
            new Column("birthday", ColumnType.of(1082, -1, LogicalType.DATE, "date"), false, true)));

    static final TableMapping MAPPING = new TableMapping(SCHEMA, DorisTableId.of("bench", "orders"));

    static final String DDL = "`id` BIGINT NOT NULL, `name` STRING NULL, `email` STRING NULL, `city` STRING NULL, `qty` INT NULL, "
            + "`price` DECIMAL(12,2) NULL, `score` DOUBLE NULL, `created` DATETIME(6) NULL, `active` BOOLEAN NULL, `birthday` DATE NULL";

    private static final String[] CITIES = {"Zürich", "Lyon", "Kraków", "São Paulo", "Osaka", "Cork", "Oslo", "Québec"};

    private Fixtures() {
    }

    static Object[] values(long i) {
        return new Object[] {i, "Customer \"" + i + "\" Smith", "customer." + i + "@example.com", CITIES[(int) (i % CITIES.length)],
            (int) (i % 100), BigDecimal.valueOf(i * 37 % 100000, 2), i * 0.25, Instant.ofEpochSecond(1_700_000_000L + i, (i % 1000) * 1000),
            i % 2 == 0, LocalDate.ofEpochDay(7000 + i % 10000)};
    }

    static ObjectRow objectRow(long i) {
        return ObjectRow.of(SCHEMA, values(i));
    }

    static LazyTextRow lazyRow(long i) {
        return LazyTextRow.of(SCHEMA, values(i));
    }
}
