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
import java.util.Random;
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
     * <p>Guards two fixed bugs: after a kill once Doris applied a RENAME, the replay (from before it) took the old name for a
     * column Doris lacked and the table FAILED, or its re-copy added the new name beside the old one (now a replay resumes the
     * table at the change recorded in doris_cdc.applied_schema_changes); and the rename of the last column after a drop was
     * taken for "added, dropped" (now told by the attribute numbers noted when the columns were last taken).
     */
    @Test
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

    /**
     * int4 → int8, varchar(8) → varchar(12) → varchar(30), numeric(10,2) → numeric(12,2) → numeric(18,2): each mode, each
     * kill point. Each MODIFY runs as a Doris job of 1.5 s, so a kill just after Doris took the ALTER lands while the job
     * runs: the restarted pipeline must wait for it (Doris shows the old type and refuses another ALTER meanwhile).
     */
    @Test
    void columnsWidenedUnderWritersAndKillsEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("widen", 3, false)) {
            race.emu.schemaChangeJobMillis(1_500);
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
     * <p>Guards a fixed bug: after a kill once Doris dropped the column, the replayed first Relation still had it, was
     * planned as ADD COLUMN, refused (gone from the catalog), and the table FAILED.
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
     * <p>Guards fixed bugs: a column added and dropped before the pipeline read the ADD was refused, or skipped and never
     * reached Doris (its type now comes from the Relation message); a rename read after the catalog renamed it again became an
     * ADD (a new name followed by a column that existed before is a rename by position); the copy a replay started added
     * the renamed column's new name before the stream reached the RENAME (the copy now waits for the stream first).
     */
    @Test
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
     * <p>Guards fixed bugs: the first Relation was compared with Doris by column names only, so a widened column stayed INT
     * and the first value past INT stopped the pipeline on every restart; a dropped one stayed under drop-columns: drop.
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

    /**
     * Column changes each followed by a SIGKILL at a seeded random moment 0–2 s after the DDL committed — not at a hook,
     * so the kill lands wherever the pipeline happens to be (reading the change, altering Doris, loading rows of the new
     * shape, acknowledging) — under the two writers: an ADD inside a transaction with rows before and after it, a RENAME,
     * a widening, a DROP, and two changes in one statement (an ADD and a widening). The schedule of delays comes from the
     * seed and is logged with each kill (issue 23: "column changes with a SIGKILL at a random point 0–2 s after each DDL").
     */
    @Test
    void columnChangesEachKilledAtARandomMomentAfterItEndWithDorisEqualToPostgres() throws Exception {
        try (SchemaRace race = start("random", 8, false)) {
            Random delays = Seeds.random(race.seed(), "kill-delays");
            change(race, "ADD COLUMN in_txn int4 DEFAULT 7", IN_TRANSACTION, race.layout.added("in_txn", "int4"), "in_txn", delays);
            change(race, "RENAME COLUMN label TO tag", AUTOCOMMIT, race.layout.renamed("label", "tag"), "tag", delays);
            change(race, "ALTER COLUMN qty TYPE int8", IN_TRANSACTION, race.layout.retyped("qty", "int8"), "qty", delays);
            change(race, "DROP COLUMN memo", AUTOCOMMIT, race.layout.dropped("memo"), null, delays);
            List<EvolvingLayout.Col> both = race.layout.added("two", "text").stream()
                    .map(c -> c.name().equals("price") && !c.dropped() ? new EvolvingLayout.Col("price", "numeric(14,2)", true, false) : c)
                    .toList();
            change(race, "ADD COLUMN two text DEFAULT 'both', ALTER COLUMN price TYPE numeric(14,2)", AUTOCOMMIT, both, "two", delays);
            end(race);
        }
    }

    /** {@code ALTER TABLE evolving <what>} in {@code mode}, then a SIGKILL 0–2 s (seeded) after it committed, then a restart. */
    private static void change(SchemaRace race, String what, DdlSession.Mode mode, List<EvolvingLayout.Col> next, String touched,
                               Random delays) throws Exception {
        long delayMillis = delays.nextInt(2_001);
        race.ddl.change("ALTER TABLE " + EvolvingLayout.TABLE + " " + what, mode, next, touched);
        Thread.sleep(delayMillis); // the seeded random moment of the kill is the point of the test, not a synchronisation
        race.kill(delayMillis + " ms after " + what + " (" + mode + ") committed");
        race.restart();
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
