package io.doriscdc.runtime.internal;

import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * How a mapped table's columns changed between two Relation messages, by name: the columns added,
 * those dropped, those renamed, and those whose type changed. A Relation message carries names and
 * types, not attribute numbers, so a rename is told from a drop plus an add by position (the column
 * at the same place, gone by its old name, new by its new one) and confirmed by {@code sameAttribute}
 * (the catalog: PostgreSQL appends an added column after every other and leaves a dropped one's
 * number behind), unless a column that existed before follows it (then it cannot be an added one).
 * Immutable.
 *
 * @param added new columns, in table order
 * @param dropped names of the columns gone
 * @param renamed old name → new name
 * @param retyped the new definition of columns whose type or type modifier changed
 * @param ambiguous a column at the same place changed its name but the catalog did not confirm a
 *                  rename: it is taken as a drop and an add, and the table is copied again
 */
record SchemaDiff(List<Column> added, List<String> dropped, Map<String, String> renamed, List<Column> retyped, boolean ambiguous) {

    SchemaDiff(List<Column> added, List<String> dropped, Map<String, String> renamed, List<Column> retyped) {
        this(added, dropped, renamed, retyped, false);
    }

    boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty() && renamed.isEmpty() && retyped.isEmpty();
    }

    /**
     * @param sameAttribute given an old and a new column name at one position, whether the new one is
     *                      the old attribute renamed (not a column added after the old one was dropped)
     */
    static SchemaDiff between(TableSchema before, TableSchema now, BiPredicate<String, String> sameAttribute) {
        Map<String, String> renamed = new LinkedHashMap<>();
        boolean ambiguous = false;
        for (int i = 0; i < Math.min(before.columnCount(), now.columnCount()); i++) {
            Column old = before.column(i);
            Column neu = now.column(i);
            if (!old.name().equals(neu.name()) && index(now, old.name()) < 0 && index(before, neu.name()) < 0) {
                if (followedByOldColumn(before, now, i) || sameAttribute.test(old.name(), neu.name())) {
                    renamed.put(old.name(), neu.name());
                } else {
                    ambiguous = true; // taken as a drop and an add: it may be a rename the catalog could not tell
                }
            }
        }
        List<Column> added = new ArrayList<>();
        List<Column> retyped = new ArrayList<>();
        for (Column c : now.columns()) {
            if (renamed.containsValue(c.name())) {
                String from = renamed.entrySet().stream().filter(e -> e.getValue().equals(c.name())).findFirst().orElseThrow().getKey();
                if (typeChanged(before.column(index(before, from)), c)) {
                    retyped.add(c);
                }
                continue;
            }
            int j = index(before, c.name());
            if (j < 0) {
                added.add(c);
            } else if (typeChanged(before.column(j), c)) {
                retyped.add(c);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (Column c : before.columns()) {
            if (index(now, c.name()) < 0 && !renamed.containsKey(c.name())) {
                dropped.add(c.name());
            }
        }
        return new SchemaDiff(List.copyOf(added), List.copyOf(dropped), Map.copyOf(renamed), List.copyOf(retyped), ambiguous);
    }

    /**
     * Whether a column after position {@code i} of {@code now} was in {@code before} by name: then the
     * column at {@code i} has a lower attribute number than a column that existed before, so it is no
     * column added since (PostgreSQL gives an added one the next number, and a Relation message lists
     * columns by number): a new name there is a rename, whatever the catalog says by now.
     */
    private static boolean followedByOldColumn(TableSchema before, TableSchema now, int i) {
        for (int j = i + 1; j < now.columnCount(); j++) {
            if (index(before, now.column(j).name()) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean typeChanged(Column a, Column b) {
        return a.type().oid() != b.type().oid() || a.type().typmod() != b.type().typmod();
    }

    private static int index(TableSchema s, String name) {
        for (int i = 0; i < s.columnCount(); i++) {
            if (s.column(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        added.forEach(c -> parts.add("added " + c.name() + " " + c.type().name()));
        dropped.forEach(c -> parts.add("dropped " + c));
        renamed.forEach((a, b) -> parts.add("renamed " + a + " to " + b));
        retyped.forEach(c -> parts.add(c.name() + " now " + c.type().name()));
        return String.join(", ", parts);
    }
}
