package io.doriscdc.pgoutput;

import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.ColumnType;
import io.doriscdc.api.schema.LogicalType;
import io.doriscdc.api.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of one replication stream: relation OID → {@link TableSchema}, built from Relation
 * messages, with column types resolved from the built-in OID table ({@link PgTypes}) and from Type
 * messages for user types.
 *
 * <p><b>What a Type message says.</b> Only an OID, a namespace and a name. For a domain the server
 * sends the domain's OID with its <em>base type's</em> name, so domains over built-in types get the
 * base type's family. Whether a user type is an enum is not on the wire: declare enums (from
 * {@code pg_type.typtype = 'e'}) with {@link #declareEnum(int)}; undeclared user types are
 * {@link LogicalType#OTHER} (exact text, not readable from binary). Arrays of user types
 * ({@code _name}) get the element type of that name from the same namespace when known.
 *
 * <p><b>Threads.</b> Not thread-safe: one cache per replication stream. The schemas it returns are
 * immutable and may be shared.
 */
public final class RelationCache {
    private final Map<Integer, TableSchema> schemas = new HashMap<>();
    private final Map<Integer, ColumnType> userTypes = new HashMap<>();
    private final Map<String, ColumnType> userTypesByName = new HashMap<>();
    private final Set<Integer> enums = new HashSet<>();

    /** Records that the type with this OID is an enum (its text and binary forms are its label). */
    public void declareEnum(int typeOid) {
        enums.add(typeOid);
        ColumnType known = userTypes.get(typeOid);
        if (known != null) {
            ColumnType t = ColumnType.of(typeOid, -1, LogicalType.ENUM, known.name());
            userTypes.put(typeOid, t);
            userTypesByName.replaceAll((k, v) -> v.oid() == typeOid ? t : v);
        }
    }

    /** Learns a user type from a Type message; returns the type as resolved. */
    public ColumnType apply(TypeMessage m) {
        ColumnType t = resolveUserType(m.typeOid(), m.namespace(), m.name());
        userTypes.put(m.typeOid(), t);
        userTypesByName.put(m.namespace() + "." + m.name(), t);
        return t;
    }

    private ColumnType resolveUserType(int oid, String ns, String name) {
        if (ns.isEmpty() || ns.equals("pg_catalog")) {
            ColumnType base = PgTypes.builtinByName(name);
            if (base != null) { // a domain over a built-in type: the base's family under the domain's OID
                return new ColumnType(oid, -1, base.logical(), base.name(), base.element());
            }
        }
        if (enums.contains(oid)) {
            return ColumnType.of(oid, -1, LogicalType.ENUM, name);
        }
        if (name.startsWith("_") && name.length() > 1) {
            ColumnType element = userTypesByName.get(ns + "." + name.substring(1));
            if (element == null) {
                element = ColumnType.of(0, -1, LogicalType.OTHER, name.substring(1));
            }
            return ColumnType.arrayOf(oid, name, element);
        }
        return ColumnType.of(oid, -1, LogicalType.OTHER, name);
    }

    /** The type of a column's OID as currently known: built-in, from a Type message, or OTHER. */
    public ColumnType resolve(int typeOid) {
        ColumnType t = PgTypes.builtin(typeOid);
        if (t == null) {
            t = userTypes.get(typeOid);
        }
        if (t == null) {
            t = enums.contains(typeOid) ? ColumnType.of(typeOid, -1, LogicalType.ENUM, "enum " + typeOid)
                    : ColumnType.of(typeOid, -1, LogicalType.OTHER, "type " + typeOid);
        }
        return t;
    }

    /** Learns (or replaces) a relation's schema from a Relation message; returns it. */
    public TableSchema apply(RelationMessage m) {
        List<Column> cols = new ArrayList<>(m.columns().size());
        for (RelationMessage.RelationColumn c : m.columns()) {
            cols.add(new Column(c.name(), resolve(c.typeOid()).withTypmod(c.typmod()), c.isKey(), true));
        }
        String ns = m.namespace().isEmpty() ? "pg_catalog" : m.namespace();
        TableSchema schema = new TableSchema(TableId.of(ns, m.name()), m.relationId(), m.replicaIdentity(), cols);
        schemas.put(m.relationId(), schema);
        return schema;
    }

    /**
     * The schema of a relation seen in a Relation message.
     *
     * @throws IllegalStateException naming the OID when no Relation message for it was applied
     */
    public TableSchema schema(int relationOid) {
        TableSchema s = schemas.get(relationOid);
        if (s == null) {
            throw new IllegalStateException("no Relation message was seen for relation OID " + Integer.toUnsignedString(relationOid)
                    + "; the server sends one before the first change of each relation in a session, so decoding must start at a"
                    + " transaction boundary and every Relation message must be applied");
        }
        return s;
    }

    /** The schema of a relation, or {@code null} when unknown. */
    public TableSchema find(int relationOid) {
        return schemas.get(relationOid);
    }

    /** Forgets a relation (e.g. when it is no longer replicated). */
    public void remove(int relationOid) {
        schemas.remove(relationOid);
    }

    public int size() {
        return schemas.size();
    }
}
