package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.Sql;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
