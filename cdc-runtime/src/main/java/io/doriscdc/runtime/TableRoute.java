package io.doriscdc.runtime;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import java.util.Objects;

/**
 * Where one PostgreSQL table's changes go: {@code pgTable → dorisDb.dorisTable}. Immutable.
 */
public record TableRoute(TableId source, DorisTableId target) {

    public TableRoute {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /** {@code TableRoute.of("public.users", "mydb", "users")}. */
    public static TableRoute of(String pgTable, String dorisDb, String dorisTable) {
        return new TableRoute(TableId.parse(pgTable), DorisTableId.of(dorisDb, dorisTable));
    }

    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
