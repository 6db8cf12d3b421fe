package io.doriscdc.chaos;

import static io.doriscdc.chaos.DdlSession.Mode.AUTOCOMMIT;
import static io.doriscdc.chaos.DdlSession.Mode.IN_TRANSACTION;
import static io.doriscdc.chaos.DdlSession.Mode.STREAMED;
import static io.doriscdc.chaos.EvolvingLayout.managed;
import static io.doriscdc.chaos.SchemaRace.KillPoint.AFTER_DORIS_ALTER;
import static io.doriscdc.chaos.SchemaRace.KillPoint.AFTER_FIRST_LOAD;
import static io.doriscdc.chaos.SchemaRace.KillPoint.BEFORE_DORIS_ALTER;
import static io.doriscdc.chaos.SchemaRace.KillPoint.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos suite with DDL (docs/chaos.md, "Column changes"): a table whose columns are added (with
 * and without a constant default), renamed, widened ({@code int4 → int8}, a longer {@code varchar},
 * a {@code numeric} of more precision) and dropped — alone, inside a transaction between rows of the
 * old and of the new shape, and inside transactions PostgreSQL streams before their commit — while
 * writer sessions keep changing its rows (long, rolled-back and streamed transactions, key changes)
 * with whatever columns it has at the moment. The pipeline process is SIGKILLed at exact points of
 * the changes: when Doris receives the ALTER, just after Doris applied it, and just after the first
 * load that carries the new shape. Each test ends with every row and value, and the Doris table's
 * columns and types, equal to PostgreSQL's. Seeded: {@code -Dchaos.seed=N} changes the writers'
 * choices; the column changes and the kill points are fixed.
 */
@PostgresTest
class SchemaChaosIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    /** Four columns added — no default, constant defaults of text and int8, a varchar — each mode, each kill point. */
    @Test
    void columnsAddedUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("add", 1, false)) {
            add(race, "a_plain", "int4", null, AUTOCOMMIT, AFTER_DORIS_ALTER);
            add(race, "a_text", "text", "'dflt'", IN_TRANSACTION, AFTER_FIRST_LOAD);
            add(race, "a_big", "int8", "42", STREAMED, AFTER_DORIS_ALTER);
            add(race, "a_vc", "varchar(6)", "'x y'", AUTOCOMMIT, AFTER_FIRST_LOAD);
            add(race, "a_num", "numeric(12,3)", "-1.5", IN_TRANSACTION, BEFORE_DORIS_ALTER);
            add(race, "a_late", "text", null, STREAMED, AFTER_FIRST_LOAD);
            end(race);
        }
    }

    /**
     * Renames in each mode at each kill point; the last one renames the table's last column after a drop left a hole before it.
     *
     * <p>PRODUCT BUG (fails), twice. (1) After a kill once Doris applied a RENAME (just after it, or after the first load), the
     * restart replays from the slot's confirmed position, before the rename: the run's first Relation of the table has the old
     * name, which Doris no longer has. Worker.firstSight takes it for a column Doris lacks and plans ADD COLUMN; SchemaPlan.of
     * refuses it ("column label is gone from PostgreSQL's catalog already") and the table goes FAILED, again on every restart.
     * (2) With that bypassed, the rename of the last column is taken for "added remark, dropped note"
     * (SchemaChange.renamedInCatalog sees a dropped attribute between it and the column before it) and reaches Doris as
     * ADD COLUMN without a copy (SchemaPlan.of sets recopy only for computed defaults; Worker.schemaChanged passes false):
     * every row not written after the rename holds NULL in Doris, against docs/operations.md ("the table copied again").
     */
    @Test
    @org.junit.jupiter.api.Disabled("open (issue 16): after a kill, the re-copy that a replay behind Doris starts adds the renamed"
            + " column's new name to Doris before the stream reaches the RENAME (SnapshotCoordinator.fitColumns), so Doris ends with"
            + " the old column kept beside an added new one: values equal, column names not")
    void columnsRenamedUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("rename", 2, false)) {
            rename(race, "label", "tag", AUTOCOMMIT, AFTER_DORIS_ALTER);
            rename(race, "qty", "quantity", IN_TRANSACTION, AFTER_FIRST_LOAD);
            rename(race, "tag", "label", STREAMED, AFTER_DORIS_ALTER); // back to a name the table had
            rename(race, "price", "cost", AUTOCOMMIT, AFTER_FIRST_LOAD);
            rename(race, "quantity", "qty2", IN_TRANSACTION, BEFORE_DORIS_ALTER);
            drop(race, "qty_b", AUTOCOMMIT, NONE); // kept in Doris; PostgreSQL leaves a dropped attribute before note, the last column
            rename(race, "note", "remark", STREAMED, AFTER_FIRST_LOAD);
            end(race);
        }
    }

    /** int4 → int8, varchar(8) → varchar(12) → varchar(30), numeric(10,2) → numeric(12,2) → numeric(18,2): each mode, each kill point. */
    @Test
    void columnsWidenedUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("widen", 3, false)) {
            widen(race, "qty", "int8", AUTOCOMMIT, AFTER_DORIS_ALTER);
            widen(race, "label", "varchar(12)", IN_TRANSACTION, AFTER_FIRST_LOAD);
            widen(race, "price", "numeric(12,2)", STREAMED, AFTER_DORIS_ALTER);
            widen(race, "label", "varchar(30)", AUTOCOMMIT, AFTER_FIRST_LOAD);
            widen(race, "price", "numeric(18,2)", IN_TRANSACTION, BEFORE_DORIS_ALTER);
            widen(race, "qty_b", "int8", STREAMED, AFTER_FIRST_LOAD);
            end(race);
        }
    }

    /**
     * Drops with {@code policies.drop-columns: drop} (ChaosChild {@code drop-columns=true}): Doris's columns must end exactly
     * PostgreSQL's, in PostgreSQL's order.
     *
     * <p>PRODUCT BUG (fails): as (1) of the rename test — after a kill once Doris dropped the column, the replayed first Relation
     * still has it; Worker.firstSight plans ADD COLUMN for it, SchemaPlan.of refuses it (gone from the catalog), the table FAILS.
     */
    @Test
    void columnsDroppedFromDorisTooUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("drop", 4, true)) {
            drop(race, "memo", AUTOCOMMIT, AFTER_DORIS_ALTER);
            drop(race, "qty", IN_TRANSACTION, AFTER_FIRST_LOAD);
            drop(race, "price", STREAMED, AFTER_DORIS_ALTER);
            drop(race, "label", AUTOCOMMIT, AFTER_FIRST_LOAD);
            drop(race, "qty_b", IN_TRANSACTION, BEFORE_DORIS_ALTER);
            drop(race, "note", STREAMED, AFTER_FIRST_LOAD);
            end(race);
        }
    }

    /**
     * Drops under the default {@code policies.drop-columns: keep}: Doris keeps each dropped column at its place (no statement
     * reaches Doris, so the kills land after the first load without the column).
     */
    @Test
    void columnsDroppedAndKeptInDorisUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("keep", 5, false)) {
            drop(race, "memo", AUTOCOMMIT, AFTER_FIRST_LOAD);
            drop(race, "qty", IN_TRANSACTION, AFTER_FIRST_LOAD);
            drop(race, "price", STREAMED, AFTER_FIRST_LOAD);
            end(race);
        }
    }

    /**
     * Changes made while no pipeline runs, each after a kill at a change (so that the restart replays from before it): a
     * column added and dropped again, one renamed twice, one widened twice, one renamed and then dropped. The restarted
     * pipeline reads each change in the stream while PostgreSQL's catalog already shows the later ones.
     *
     * <p>PRODUCT BUG (fails): SchemaPlan.of reads the type of an added column from the catalog as it is now; a column added
     * and dropped before the pipeline read the ADD is refused ("column tmp is gone from PostgreSQL's catalog already, so its
     * type cannot be read") and the table FAILS — although the Relation message carries the type (OID and modifier). The
     * same for a column renamed twice: SchemaChange.renamedInCatalog finds no attribute named m1 any more, the rename is taken
     * for "added m1, dropped memo", and the ADD of m1 is refused the same way.
     */
    @Test
    @org.junit.jupiter.api.Disabled("open (issue 16): changes made while no pipeline runs (ADD then DROP, RENAME twice, RENAME then"
            + " DROP) are read against a catalog that is already past them; a column skipped as gone is still bound in the batcher,"
            + " so when it comes back (re-added) no change is seen and Doris never gets it (p1 and tmp missing)")
    void columnChangesMadeWhileThePipelineIsDownEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("down", 6, false)) {
            add(race, "a_one", "int4", null, AUTOCOMMIT, AFTER_DORIS_ALTER, false);
            add(race, "tmp", "text", "'gone'", AUTOCOMMIT, NONE, false);
            drop(race, "tmp", AUTOCOMMIT, NONE);
            race.restart();

            rename(race, "label", "l1", IN_TRANSACTION, AFTER_FIRST_LOAD, false);
            rename(race, "memo", "m1", AUTOCOMMIT, NONE, false);
            rename(race, "m1", "m2", IN_TRANSACTION, NONE, false);
            widen(race, "note", "varchar(30)", AUTOCOMMIT, NONE, false);
            widen(race, "note", "varchar(40)", IN_TRANSACTION, NONE, false);
            race.restart();

            widen(race, "qty", "int8", AUTOCOMMIT, AFTER_DORIS_ALTER, false);
            rename(race, "price", "p1", AUTOCOMMIT, NONE, false);
            drop(race, "p1", IN_TRANSACTION, NONE);
            race.restart();
            end(race);
        }
    }

    /**
     * Changes made while no pipeline runs, after the slot confirmed everything before them, under
     * {@code policies.drop-columns: drop}: the restarted pipeline's first description of the table already has them all
     * (a widened column with values only the new type holds, a dropped one, an added one).
     *
     * <p>PRODUCT BUG (fails): Worker.firstSight compares the first Relation with the Doris table by column names only. A
     * column widened while the pipeline was stopped stays INT in Doris, and the first load with a value past INT fails
     * ("'3031691839' is out of range for INT", strict mode): the pipeline stops, again on every restart. And a column dropped
     * while it was stopped stays in Doris under drop-columns: drop (seen with the widening left out: Doris keeps memo).
     */
    @Test
    void columnChangesMadeWhileThePipelineIsStoppedCaughtUpEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("stopped", 7, true)) {
            race.pauseWriters();
            race.awaitCaughtUp();
            race.kill("once caught up, the writers paused");
            // no rows between them: the restarted pipeline's first description of the table is the one after all three
            race.ddl.alone("ALTER TABLE evolving ALTER COLUMN qty TYPE int8", race.layout.retyped("qty", "int8"));
            race.ddl.alone("ALTER TABLE evolving DROP COLUMN memo", race.layout.dropped("memo"));
            race.ddl.alone("ALTER TABLE evolving ADD COLUMN added_late text DEFAULT 'z'", race.layout.added("added_late", "text"));
            race.resumeWriters();
            race.restart();
            widen(race, "label", "varchar(16)", IN_TRANSACTION, AFTER_FIRST_LOAD); // and one more while it runs
            end(race);
        }
    }

    /** A race over {@code evolving} with six managed columns, its first pipeline process streaming, two writers writing. */
    private static SchemaRace start(String name, int test, boolean dropColumns) throws Exception {
        SchemaRace race = SchemaRace.create(PG, name, seed(test), dropColumns, List.of(managed("qty", "int4"), managed("label", "varchar(8)"),
                managed("price", "numeric(10,2)"), managed("memo", "text"), managed("qty_b", "int4"), managed("note", "varchar(20)")));
        try {
            race.restart();
            race.awaitStreaming();
            race.startWriters(2);
            return race;
        } catch (Exception | AssertionError e) {
            race.close();
            throw e;
        }
    }

    private static void end(SchemaRace race) throws Exception {
        List<String> problems = race.finish();
        race.log.line("kills: " + race.kills().size() + "\n    " + String.join("\n    ", race.kills()));
        assertThat(problems).as("seed %d; pipeline logs in %s", race.seed(), race.logDir()).isEmpty();
    }

    private static void add(SchemaRace race, String column, String type, String dflt, DdlSession.Mode mode, SchemaRace.KillPoint kill)
            throws Exception {
        add(race, column, type, dflt, mode, kill, true);
    }

    /** {@code restart}: whether a pipeline process starts right after the kill (otherwise the test goes on while none runs). */
    private static void add(SchemaRace race, String column, String type, String dflt, DdlSession.Mode mode, SchemaRace.KillPoint kill,
                            boolean restart) throws Exception {
        SchemaRace.Kill k = race.arm(kill, "ADD COLUMN `" + column + "`", columns -> columns.contains(column));
        race.ddl.change("ALTER TABLE " + EvolvingLayout.TABLE + " ADD COLUMN " + column + " " + type + (dflt == null ? "" : " DEFAULT " + dflt),
                mode, race.layout.added(column, type), column);
        settle(race, k, restart);
    }

    private static void rename(SchemaRace race, String from, String to, DdlSession.Mode mode, SchemaRace.KillPoint kill) throws Exception {
        rename(race, from, to, mode, kill, true);
    }

    private static void rename(SchemaRace race, String from, String to, DdlSession.Mode mode, SchemaRace.KillPoint kill, boolean restart)
            throws Exception {
        // armed at any statement that brings the new name to Doris, so that a rename taken for something else shows
        SchemaRace.Kill k = race.arm(kill, "`" + to + "`", columns -> columns.contains(to) && !columns.contains(from));
        race.ddl.change("ALTER TABLE " + EvolvingLayout.TABLE + " RENAME COLUMN " + from + " TO " + to, mode, race.layout.renamed(from, to), to);
        race.expectStatement(k, "RENAME COLUMN `" + from + "` `" + to + "`", "PostgreSQL's RENAME COLUMN " + from + " TO " + to);
        settle(race, k, restart);
    }

    private static void widen(SchemaRace race, String column, String type, DdlSession.Mode mode, SchemaRace.KillPoint kill) throws Exception {
        widen(race, column, type, mode, kill, true);
    }

    private static void widen(SchemaRace race, String column, String type, DdlSession.Mode mode, SchemaRace.KillPoint kill, boolean restart)
            throws Exception {
        String dorisType = new EvolvingLayout.Col(column, type, true, false).dorisType();
        SchemaRace.Kill k = race.arm(kill, "MODIFY COLUMN `" + column + "` " + dorisType, columns -> true);
        race.ddl.change("ALTER TABLE " + EvolvingLayout.TABLE + " ALTER COLUMN " + column + " TYPE " + type, mode,
                race.layout.retyped(column, type), column);
        settle(race, k, restart);
    }

    private static void drop(SchemaRace race, String column, DdlSession.Mode mode, SchemaRace.KillPoint kill) throws Exception {
        // under drop-columns keep no statement reaches Doris: the kill can only follow the first load without the column
        SchemaRace.Kill k = race.arm(kill, race.dropsColumns() ? "DROP COLUMN `" + column + "`" : null, columns -> !columns.contains(column));
        race.ddl.change("ALTER TABLE " + EvolvingLayout.TABLE + " DROP COLUMN " + column, mode, race.layout.dropped(column), null);
        settle(race, k, true);
    }

    /** Awaits the kill (the test fails when it does not land where armed) and, when {@code restart}, starts the next process. */
    private static void settle(SchemaRace race, SchemaRace.Kill k, boolean restart) throws Exception {
        if (k.point != NONE) {
            race.awaitKill(k);
            if (restart) {
                race.restart();
            }
        }
    }

    /** Each test's own seed: fixed, or derived from -Dchaos.seed. */
    private static long seed(int test) {
        String s = System.getProperty("chaos.seed", "").trim();
        return Seeds.derive(s.isEmpty() ? 20_250_612L : Long.parseLong(s), "schema-chaos-" + test);
    }
}
