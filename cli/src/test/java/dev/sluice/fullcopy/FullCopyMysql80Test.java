package dev.sluice.fullcopy;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.Sql;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.table.TableRef;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full copy MySQL 8.0 → MySQL 8.0 (two servers): Sakila and every edge-case table, plus plan idempotency. */
class FullCopyMysql80Test {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer destination;
    static FullCopyScenario scenario;

    @BeforeAll
    static void start() {
        source = SharedServers.get(Flavor.MYSQL_80);
        destination = servers.start(Flavor.MYSQL_80);
        scenario = new FullCopyScenario(source, destination);
    }

    @Test
    void copiesSakilaAndEdgeTablesExactly() throws Exception {
        scenario.copyAndVerify(true);
    }

    @Test
    void planIsIdempotentAndHandOffNeverMoves() throws Exception {
        FullCopyScenario sc = scenario; // planning only: the destination stays untouched
        try (TestState state = TestState.inMemory()) {
            TaskSpec spec = sc.spec(2, 2000, null);
            TaskRecord task = state.tasks.create(spec);
            state.tasks.setPhase(task.id(), Phase.FULL_COPY);
            FullCopyPlanner planner = new FullCopyPlanner(state.table, state.docs);
            PlanResult first = planner.plan(task.id(), spec);
            BinlogPosition handoff = HandOff.read(state.docs, task.id()).orElseThrow();
            source.execute("INSERT INTO " + Sql.id(sc.edge, "one_row") + " VALUES (43, 'later')");
            // a crash in the middle of planning: the marker and one table plan are gone
            state.table.delete("TASK#" + task.id(), PlanResult.SK);
            state.table.delete("TASK#" + task.id(), TablePlan.sortKey(new TableRef(sc.sakila, "rental")));
            PlanResult again = planner.plan(task.id(), spec);
            assertEquals(first.chunks(), again.chunks());
            assertEquals(first.chunks(), new ChunkLedger(state.table, task.id()).all().size(), "no duplicate chunks");
            assertEquals(handoff, HandOff.read(state.docs, task.id()).orElseThrow(), "hand-off must not move");
            assertTrue(handoff.file() != null && handoff.position() > 0 && handoff.gtidSet() != null, handoff.toString());
            source.execute("DELETE FROM " + Sql.id(sc.edge, "one_row") + " WHERE id = 43");
        }
    }

    @Test
    void aTablesDeferredIndexesAreBuiltAsSoonAsItsCopyEnds() throws Exception {
        String db = dev.sluice.testing.TestNames.unique("idx");
        source.execute("CREATE DATABASE " + Sql.id(db));
        source.execute("CREATE TABLE " + Sql.id(db, "posts") + " (id INT PRIMARY KEY, author INT NOT NULL, "
                + "slug VARCHAR(40) NOT NULL, body TEXT, KEY by_author (author), UNIQUE KEY by_slug (slug), "
                + "FULLTEXT KEY ft_body (body)) ENGINE=InnoDB");
        source.execute("CREATE TABLE " + Sql.id(db, "tags") + " (id INT PRIMARY KEY, name VARCHAR(20), "
                + "KEY by_name (name)) ENGINE=InnoDB");
        source.execute("INSERT INTO " + Sql.id(db, "posts") + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
                + "i + 1 FROM n WHERE i < 1000) SELECT i, i % 17, CONCAT('post-', i), REPEAT('word ', i % 9) FROM n");
        source.execute("INSERT INTO " + Sql.id(db, "tags") + " VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        TaskSpec spec = new TaskSpec("idx", Endpoints4Test.of(source), Endpoints4Test.of(destination),
                java.util.Set.of(dev.sluice.task.MigrationType.SCHEMA, dev.sluice.task.MigrationType.FULL),
                java.util.List.of(new dev.sluice.task.ObjectSelection(db, null, null, null)), null, null,
                new dev.sluice.task.TaskOptions(null, null, null,
                        new dev.sluice.task.TaskOptions.FullCopyOptions(3, 200L, null, null, null), null, null));
        String indexes = "SELECT GROUP_CONCAT(DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) ORDER BY TABLE_NAME, "
                + "INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME <> 'PRIMARY'";
        try (TestState state = TestState.inMemory()) {
            TaskRecord task = state.tasks.create(spec);
            dev.sluice.schema.SchemaMigrator schema = new dev.sluice.schema.SchemaMigrator(
                    new dev.sluice.schema.TaskSchemaStore(state.docs, task.id()));
            schema.create(spec);
            assertEquals(null, destination.query(indexes, db).get(0).values().iterator().next(),
                    "the create phase defers the secondary indexes");
            state.tasks.setPhase(task.id(), Phase.FULL_COPY);
            new FullCopyPlanner(state.table, state.docs).plan(task.id(), spec);
            FullCopyScenario.runWorkers(state, task, 3, 60_000);
            Object expected = source.query(indexes, db).get(0).values().iterator().next();
            assertEquals("posts.by_author,posts.by_slug,posts.ft_body,tags.by_name", expected);
            assertEquals(expected, destination.query(indexes, db).get(0).values().iterator().next(),
                    "the worker that copied a table's last chunk built its indexes before the finish step");
            for (String t : java.util.List.of("posts", "tags")) {
                assertTrue(state.table.get("TASK#" + task.id(), "INDEXBUILD#" + db + "." + t).isPresent(),
                        "one worker claimed the build of " + t);
            }
            schema.finish(spec); // finds nothing missing and changes nothing
            assertEquals(expected, destination.query(indexes, db).get(0).values().iterator().next());
            assertEquals(source.queryLong("SELECT COUNT(*) FROM " + Sql.id(db, "posts") + " WHERE MATCH(body) "
                    + "AGAINST ('word')"), destination.queryLong("SELECT COUNT(*) FROM " + Sql.id(db, "posts")
                    + " WHERE MATCH(body) AGAINST ('word')"), "the FULLTEXT index answers on the destination");
        } finally {
            source.execute("DROP DATABASE " + Sql.id(db));
            destination.execute("DROP DATABASE IF EXISTS " + Sql.id(db));
        }
    }

    @Test
    void anIndexBuildThatMightOutliveTheWorkersBudgetIsLeftToTheFinishStep() {
        long now = 1_000_000;
        assertTrue(TableIndexBuilder.fits(250_000, now, now + 14 * 60_000), "a small table fits a Lambda call");
        assertTrue(!TableIndexBuilder.fits(100_000_000, now, now + 14 * 60_000), "100M rows do not");
        assertTrue(!TableIndexBuilder.fits(0, now, now + 30_000), "nor anything with half a minute left");
    }

    @Test
    void existingRowsFailTheDefaultPolicy() throws Exception {
        FullCopyScenario sc = new FullCopyScenario(source, destination, false);
        destination.execute("INSERT INTO " + Sql.id(sc.edgeDst, "one_row") + " VALUES (1, 'old')");
        try (TestState state = TestState.inMemory()) {
            TaskSpec spec = sc.spec(2, 2000, null);
            TaskRecord task = state.tasks.create(spec);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new FullCopyPlanner(state.table, state.docs).plan(task.id(), spec));
            assertTrue(e.getMessage().contains("already has rows"), e.getMessage());
        }
    }
}
