package dev.sluice.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.faults.WorkflowRig;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskRecord;
import dev.sluice.testing.TestNames;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 'sluice objects --add / --remove' on a replicating task (real workflow, MySQL 8.0, live writes): an added table is
 * created on the destination, copied with its own hand-off and replicated until equal; a removed table stops being
 * replicated and its destination table stays; the other table replicates throughout.
 */
class ModifyObjectsTest extends PrivateServersTest {
    @Test
    void addATableAndRemoveAnotherWhileReplicating() throws Exception {
        String db = TestNames.unique("objects");
        source.execute("CREATE DATABASE " + db);
        ObjectsRig.table(source, db, "a", 2000);
        ObjectsRig.table(source, db, "b", 1500);
        ObjectsRig.table(source, db, "c", 3000);
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { })) {
            TaskRecord task = rig.start(ObjectsRig.spec(dir, source, destination, "{database: " + db
                    + ", exclude_tables: [c]}", db, ""));
            TaskObjects objects = new TaskObjects(new TableReloads(rig.table));
            ObjectsRig.Writer writer = new ObjectsRig.Writer(source, db, "a", "b", "c");
            try {
                ObjectsRig.awaitReplicating(rig, task.id());
                assertTrue(ObjectsRig.digest(destination, db, "c").startsWith("missing"), "c is not in the task");
                assertThrows(IllegalArgumentException.class, () -> objects.add(task.id(), db + ".a"));

                TableReload added = objects.add(task.id(), db + ".c");
                assertEquals(TableReload.State.REQUESTED, added.state());
                assertEquals("0", ObjectsRig.digestOf(destination, db, "SELECT COUNT(*) FROM c"), "created empty");
                assertTrue(rig.tasks.require(task.id()).spec().filter().includesTable(db, "c"));
                ObjectsRig.await("c reloaded", Duration.ofMinutes(4), () -> {
                    TableReload.State s = ObjectsRig.reloadState(rig, task.id(), db + ".c");
                    if (s == TableReload.State.FAILED) {
                        throw new AssertionError(TableReload.read(rig.docs, task.id(), db + ".c").orElseThrow()
                                .describe());
                    }
                    return s == TableReload.State.DONE;
                });

                String said = objects.remove(task.id(), db + ".b");
                assertTrue(said.contains("left in place"), said);
                // the slice running now may still apply b; from the next one on it does not
                Thread.sleep(25_000);
                String frozen = ObjectsRig.digest(destination, db, "b");
                source.executeIn(db, "INSERT INTO b VALUES (800001, 1, 'after removal')");
                Thread.sleep(25_000);
                assertEquals(frozen, ObjectsRig.digest(destination, db, "b"), "b is not replicated any more");
                assertEquals("0", ObjectsRig.digestOf(destination, db, "SELECT COUNT(*) FROM b WHERE id = 800001"));
            } finally {
                writer.close();
            }
            for (String t : new String[] {"a", "c"}) {
                ObjectsRig.await(t + " equal on both sides", Duration.ofMinutes(2), () -> ObjectsRig.digest(source, db,
                        t).equals(ObjectsRig.digest(destination, db, t)));
            }
            assertNotEquals(ObjectsRig.digest(source, db, "b"), ObjectsRig.digest(destination, db, "b"));
            rig.tasks.requestStop(task.id());
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(2));
            assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
        }
    }
}
