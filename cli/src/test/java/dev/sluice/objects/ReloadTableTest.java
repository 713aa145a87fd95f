package dev.sluice.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.faults.WorkflowRig;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.testing.TestNames;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 'sluice reload' on the real workflow between two MySQL 8.0 servers under live writes: the reloaded table is
 * emptied, copied with its own hand-off and joins replication (a destination damaged by hand is repaired), while
 * the other table keeps replicating the whole time; both end equal to the source.
 */
class ReloadTableTest extends PrivateServersTest {
    @Test
    void reloadOneTableWhileTheOtherKeepsReplicating() throws Exception {
        String db = TestNames.unique("reload");
        source.execute("CREATE DATABASE " + db);
        ObjectsRig.table(source, db, "a", 4000);
        ObjectsRig.table(source, db, "b", 2000);
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { });
             ObjectsRig.Writer writer = new ObjectsRig.Writer(source, db, "a", "b")) {
            TaskRecord task = rig.start(ObjectsRig.spec(dir, source, destination, db, ""));
            ObjectsRig.awaitReplicating(rig, task.id());
            // damage the destination's copy of a: replication alone never mends this, a reload does
            destination.executeIn(db, "DELETE FROM a WHERE id % 5 = 0", "UPDATE a SET note = 'damaged' WHERE id % 7 = 0");
            TableReloads reloads = new TableReloads(rig.table);
            TableReload r = reloads.request(task.id(), db + ".a", "test");
            assertEquals(TableReload.State.REQUESTED, r.state());
            IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> reloads.request(task.id(), db + ".a", "test"));
            assertTrue(twice.getMessage().contains("being reloaded already"), twice.getMessage());

            // while a is being copied or caught up, b's changes keep arriving on the destination
            ObjectsRig.await("the reload of a to start copying", Duration.ofMinutes(2), () -> EnumSet.of(
                    TableReload.State.COPYING, TableReload.State.CATCHUP).contains(
                    ObjectsRig.reloadState(rig, task.id(), db + ".a")));
            source.executeIn(db, "INSERT INTO b VALUES (900001, 1, 'marker')");
            ObjectsRig.await("b's marker row on the destination", Duration.ofMinutes(1),
                    () -> ObjectsRig.digestOf(destination, db, "SELECT COUNT(*) FROM b WHERE id = 900001").equals("1"));
            Set<TableReload.State> notYetDone = EnumSet.of(TableReload.State.COPYING, TableReload.State.CATCHUP,
                    TableReload.State.JOINED);
            TableReload.State whenMarkerArrived = ObjectsRig.reloadState(rig, task.id(), db + ".a");
            System.out.println("[reload] b's marker replicated while a's reload was " + whenMarkerArrived);

            ObjectsRig.await("the reload of a to finish", Duration.ofMinutes(4), () -> {
                TableReload.State s = ObjectsRig.reloadState(rig, task.id(), db + ".a");
                if (s == TableReload.State.FAILED) {
                    throw new AssertionError(TableReload.read(rig.docs, task.id(), db + ".a").orElseThrow().describe());
                }
                return s == TableReload.State.DONE;
            });
            writer.close();
            System.out.println("[reload] " + writer.committed.get() + " source statements during the test; "
                    + TableReload.read(rig.docs, task.id(), db + ".a").orElseThrow().describe());
            for (String t : new String[] {"a", "b"}) {
                ObjectsRig.await(t + " equal on both sides", Duration.ofMinutes(2), () -> ObjectsRig.digest(source, db,
                        t).equals(ObjectsRig.digest(destination, db, t)));
            }
            assertEquals("0", ObjectsRig.digestOf(destination, db, "SELECT COUNT(*) FROM a WHERE note = 'damaged'"));
            assertTrue(notYetDone.contains(whenMarkerArrived), "b replicated during a's reload: " + whenMarkerArrived);
            assertNotEquals(TaskStatus.FAILED, rig.tasks.require(task.id()).status());
            rig.tasks.requestStop(task.id());
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(2));
            assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
        }
    }
}
