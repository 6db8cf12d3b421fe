package io.doriscdc.pgoutput;

import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in PostgreSQL types this decoder knows: OID → {@link ColumnType} (name, logical family,
 * array element), and which types it can render from binary.
 *
 * <p><b>Binary or text mode.</b> With {@code binary=true} pgoutput sends every type that has a send
 * function in binary. This decoder turns the binary form into PostgreSQL's exact text form for
 * every family except {@link LogicalType#OTHER} (geometric types, ranges, tsvector, reg* types,
 * pg_lsn, composites, extension types...). A replication stream whose tables have any column for
 * which {@link #binaryReadable(ColumnType)} is false must use {@code binary=false}; reading such a
 * column's binary value throws a {@link io.doriscdc.api.DecodeException} that says so.
 *
 * <p>Immutable tables; thread-safe.
 */
public final class PgTypes {
    private static final Map<Integer, ColumnType> BY_OID = new HashMap<>();
    private static final Map<String, ColumnType> BY_NAME = new HashMap<>();

    static {
        base(16, 1000, "bool", LogicalType.BOOLEAN);
        base(17, 1001, "bytea", LogicalType.BYTES);
        base(18, 1002, "char", LogicalType.TEXT);
        base(19, 1003, "name", LogicalType.TEXT);
        base(20, 1016, "int8", LogicalType.INT64);
        base(21, 1005, "int2", LogicalType.INT16);
        base(23, 1007, "int4", LogicalType.INT32);
        base(25, 1009, "text", LogicalType.TEXT);
        base(26, 1028, "oid", LogicalType.OID);
        base(28, 1011, "xid", LogicalType.OID);
        base(29, 1012, "cid", LogicalType.OID);
        base(114, 199, "json", LogicalType.JSON);
        base(142, 143, "xml", LogicalType.XML);
        base(650, 651, "cidr", LogicalType.CIDR);
        base(700, 1021, "float4", LogicalType.FLOAT32);
        base(701, 1022, "float8", LogicalType.FLOAT64);
        base(774, 775, "macaddr8", LogicalType.MACADDR8);
        base(790, 791, "money", LogicalType.MONEY);
        base(829, 1040, "macaddr", LogicalType.MACADDR);
        base(869, 1041, "inet", LogicalType.INET);
        base(1042, 1014, "bpchar", LogicalType.TEXT);
        base(1043, 1015, "varchar", LogicalType.TEXT);
        base(1082, 1182, "date", LogicalType.DATE);
        base(1083, 1183, "time", LogicalType.TIME);
        base(1114, 1115, "timestamp", LogicalType.TIMESTAMP);
        base(1184, 1185, "timestamptz", LogicalType.TIMESTAMPTZ);
        base(1186, 1187, "interval", LogicalType.INTERVAL);
        base(1266, 1270, "timetz", LogicalType.TIMETZ);
        base(1560, 1561, "bit", LogicalType.BIT);
        base(1562, 1563, "varbit", LogicalType.BIT);
        base(1700, 1231, "numeric", LogicalType.NUMERIC);
        base(2950, 2951, "uuid", LogicalType.UUID);
        base(3802, 3807, "jsonb", LogicalType.JSONB);
        // Types kept as exact text (binary form not rendered).
        other(22, 1006, "int2vector");
        other(24, 1008, "regproc");
        other(27, 1010, "tid");
        other(30, 1013, "oidvector");
        other(600, 1017, "point");
        other(601, 1018, "lseg");
        other(602, 1019, "path");
        other(603, 1020, "box");
        other(604, 1027, "polygon");
        other(628, 629, "line");
        other(718, 719, "circle");
        other(2202, 2207, "regprocedure");
        other(2203, 2208, "regoper");
        other(2204, 2209, "regoperator");
        other(2205, 2210, "regclass");
        other(2206, 2211, "regtype");
        other(3220, 3221, "pg_lsn");
        other(3614, 3643, "tsvector");
        other(3615, 3645, "tsquery");
        other(3734, 3735, "regconfig");
        other(3769, 3770, "regdictionary");
        other(3904, 3905, "int4range");
        other(3906, 3907, "numrange");
        other(3908, 3909, "tsrange");
        other(3910, 3911, "tstzrange");
        other(3912, 3913, "daterange");
        other(3926, 3927, "int8range");
        other(4072, 4073, "jsonpath");
        other(4089, 4090, "regnamespace");
        other(4096, 4097, "regrole");
        other(4191, 4192, "regcollation");
        other(4451, 6150, "int4multirange");
        other(4532, 6151, "nummultirange");
        other(4533, 6152, "tsmultirange");
        other(4534, 6153, "tstzmultirange");
        other(4535, 6155, "datemultirange");
        other(4536, 6157, "int8multirange");
        other(5038, 5039, "pg_snapshot");
        other(5069, 271, "xid8");
        other(2249, 2287, "record");
    }

    private PgTypes() {
    }

    private static void base(int oid, int arrayOid, String name, LogicalType logical) {
        ColumnType t = ColumnType.of(oid, -1, logical, name);
        ColumnType arr = ColumnType.arrayOf(arrayOid, "_" + name, t);
        BY_OID.put(oid, t);
        BY_OID.put(arrayOid, arr);
        BY_NAME.put(name, t);
        BY_NAME.put(arr.name(), arr);
    }

    private static void other(int oid, int arrayOid, String name) {
        base(oid, arrayOid, name, LogicalType.OTHER);
    }

    /** The built-in type with this OID (typmod -1), or {@code null} when it is not built in or not known. */
    public static ColumnType builtin(int oid) {
        return BY_OID.get(oid);
    }

    /** The built-in type of this {@code pg_catalog} name ({@code int4}, {@code _text}...), or {@code null}. */
    public static ColumnType builtinByName(String name) {
        return BY_NAME.get(name);
    }

    /**
     * True when this decoder renders the built-in type's binary form exactly. False for
     * {@link LogicalType#OTHER} types, arrays of them and for any OID that is not built in
     * (user-defined enums are readable: see {@link #binaryReadable(ColumnType)} with the type the
     * {@link RelationCache} resolved).
     */
    public static boolean binaryReadable(int oid) {
        ColumnType t = BY_OID.get(oid);
        return t != null && binaryReadable(t);
    }

    /** True when values of this (resolved) type can be read from binary. */
    public static boolean binaryReadable(ColumnType type) {
        if (type.logical() == LogicalType.ARRAY) {
            return binaryReadable(type.element());
        }
        return type.logical() != LogicalType.OTHER;
    }
}
