package dev.sluice.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.faults.WorkflowRig;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.table.TableRef;
import dev.sluice.testing.TestNames;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binlog a stopped task needs is purged (FLUSH + PURGE BINARY LOGS) after changes it never read: resuming fails
 * with an error naming 'sluice resnapshot' and options.on_binlog_purged; a resnapshot (by hand, or by that option
 * on resume) restarts replication at the current position and copies every table again, and the destination ends
 * equal to the source under live writes, the task's history kept. MySQL 8.0 on private servers (PURGE is global).
 */
class ResnapshotTest extends PrivateServersTest {
    @Test
    void purgedBinlogFailsNamingTheRemedyAndResnapshotRecovers() throws Exception {
        String db = TestNames.unique("resnap");
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { })) {
            TaskRecord task = stoppedTaskWithPurgedBinlog(rig, db, "");
            String arn = resume(rig, task.id(), 2);
            ExecutionRecord failed = rig.await(arn, Duration.ofMinutes(2));
            assertEquals(ExecutionRecord.FAILED, failed.status(), String.valueOf(failed));
            TaskRecord t = rig.tasks.require(task.id());
            assertEquals(TaskStatus.FAILED, t.status());
            assertTrue(t.error().contains("purged") && t.error().contains("sluice resnapshot")
                    && t.error().contains("options.on_binlog_purged: resnapshot"), t.error());
            assertTrue(t.error().contains("does not skip ahead"), t.error());

            List<TableRef> tables = new Resnapshot(new TableReloads(rig.table)).run(task.id(), "test");
            assertEquals(List.of(new TableRef(db, "a"), new TableRef(db, "b")), tables);
            try (ObjectsRig.Writer writer = new ObjectsRig.Writer(source, db, "a", "b")) {
                arn = resume(rig, task.id(), 3);
                awaitReloaded(rig, task.id(), arn, db);
            }
            assertEqualAndStop(rig, task.id(), arn, db);
        }
    }

    @Test
    void onBinlogPurgedResnapshotRecoversOnResume() throws Exception {
        String db = TestNames.unique("autoresnap");
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { })) {
            TaskRecord task = stoppedTaskWithPurgedBinlog(rig, db, "  on_binlog_purged: resnapshot\n");
            String arn;
            try (ObjectsRig.Writer writer = new ObjectsRig.Writer(source, db, "a", "b")) {
                arn = resume(rig, task.id(), 2);
                awaitReloaded(rig, task.id(), arn, db);
            }
            assertEqualAndStop(rig, task.id(), arn, db);
            TableReload a = TableReload.read(rig.docs, task.id(), db + ".a").orElseThrow();
            assertTrue(a.reason().contains("on_binlog_purged"), a.describe());
        }
    }

    /** A replicating task, stopped; then source changes it never reads, in binlogs purged before it resumes. */
    private static TaskRecord stoppedTaskWithPurgedBinlog(WorkflowRig rig, String db, String options)
            throws Exception {
        source.execute("CREATE DATABASE " + db);
        ObjectsRig.table(source, db, "a", 3000);
        ObjectsRig.table(source, db, "b", 1500);
        TaskRecord task = rig.start(ObjectsRig.spec(dir, source, destination, db, options));
        ObjectsRig.awaitReplicating(rig, task.id());
        source.executeIn(db, "UPDATE a SET n = n + 1 WHERE id <= 100");
        ObjectsRig.await("the first change replicated", Duration.ofMinutes(1), () -> ObjectsRig.digest(source, db,
                "a").equals(ObjectsRig.digest(destination, db, "a")));
        rig.tasks.requestStop(task.id());
        assertEquals(ExecutionRecord.SUCCEEDED, rig.await(task.executionArn(), Duration.ofMinutes(2)).status());
        // changes the task never reads: their binlog is purged before it resumes
        source.executeIn(db, "DELETE FROM a WHERE id % 10 = 0", "UPDATE b SET note = 'lost' WHERE id % 3 = 0",
                "INSERT INTO b VALUES (700001, 1, 'lost insert')");
        source.execute("FLUSH BINARY LOGS");
        String current = source.query("SHOW MASTER STATUS").get(0).values().iterator().next().toString();
        source.execute("PURGE BINARY LOGS TO '" + current + "'");
        assertEquals(current, source.queryValue("SHOW BINARY LOGS"));
        return task;
    }

    private static String resume(WorkflowRig rig, String taskId, int n) {
        rig.tasks.clearStop(taskId);
        return rig.resume(taskId, n);
    }

    private static void awaitReloaded(WorkflowRig rig, String taskId, String arn, String db)
            throws InterruptedException {
        for (String t : new String[] {"a", "b"}) {
            ObjectsRig.await("the resnapshot of " + t, Duration.ofMinutes(4), () -> {
                TableReload.State s = ObjectsRig.reloadState(rig, taskId, db + "." + t);
                if (s == TableReload.State.FAILED || !rig.runner.describeExecution(arn).isRunning()) {
                    throw new AssertionError("resnapshot failed: " + rig.tasks.require(taskId).error() + " / "
                            + TableReload.read(rig.docs, taskId, db + "." + t).map(TableReload::describe));
                }
                return s == TableReload.State.DONE;
            });
        }
    }

    private static void assertEqualAndStop(WorkflowRig rig, String taskId, String arn, String db) throws Exception {
        for (String t : new String[] {"a", "b"}) {
            ObjectsRig.await(t + " equal on both sides", Duration.ofMinutes(2), () -> ObjectsRig.digest(source, db,
                    t).equals(ObjectsRig.digest(destination, db, t)));
        }
        assertEquals("0", ObjectsRig.digestOf(destination, db, "SELECT COUNT(*) FROM a WHERE id % 10 = 0 AND id "
                + "<= 3000 AND note LIKE 'r%'"));
        rig.tasks.requestStop(taskId);
        ExecutionRecord done = rig.await(arn, Duration.ofMinutes(2));
        assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
    }
}
