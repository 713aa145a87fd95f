package dev.sluice.incremental;

import dev.sluice.state.LatencyHistogram;
import dev.sluice.state.ReplicationHistory;
import dev.sluice.state.ReplicationStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the replication counters that 'sluice status' and the console show went back to zero at every binlog
 * reconnect (each slice of the state machine opens a new binlog connection). They are the task's: two slices, each
 * with its own connection and its own state object as in production, add up.
 */
class ReplicationCountersSurviveReconnectsTest extends ReplicationPairTest {
    ReplicationCountersSurviveReconnectsTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-counters-test");
    }

    @Test
    void countersAddUpOverSlices() throws Exception {
        String db = TestNames.unique("counters");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        TaskSpec spec = ReplicationFixture.spec("counters", source, destination, ReplicationFixture.passwordFile(tmp),
                db, NameMapping.NONE, ReplicationFixture.startHere(source, true));
        String taskId = state.createTask(spec);

        // slice 1: 5 inserts, 2 updates, 1 delete, in 8 transactions
        for (int i = 1; i <= 5; i++) {
            source.executeIn(db, "INSERT INTO t VALUES (" + i + ", 0)");
        }
        source.executeIn(db, "UPDATE t SET v = 1 WHERE id = 1");
        source.executeIn(db, "UPDATE t SET v = 1 WHERE id = 2");
        source.executeIn(db, "DELETE FROM t WHERE id = 5");
        slice(taskId, spec);
        ReplicationStatus first = StateTableReplicationState.status(state.documents, taskId).orElseThrow();
        assertEquals(8, first.rows(), "after slice 1: " + first);

        // slice 2, a new binlog connection: 3 inserts
        for (int i = 6; i <= 8; i++) {
            source.executeIn(db, "INSERT INTO t VALUES (" + i + ", 0)");
        }
        slice(taskId, spec);
        ReplicationStatus st = StateTableReplicationState.status(state.documents, taskId).orElseThrow();
        assertEquals(11, st.rows(), "rows over both slices: " + st);
        assertTrue(st.transactions() >= 11, "transactions over both slices: " + st);
        assertEquals(2, st.connections(), "binlog connections: " + st);
        ReplicationStatus.Counts t = st.tables().get(db + ".t");
        assertEquals(new ReplicationStatus.Counts(8, 2, 1, 0), t, "per-table counts: " + st.tables());
        assertEquals("7", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.t"));

        // the apply-batch latency histogram adds up over the slices too (each applied at least one batch of rows)
        LatencyHistogram h1 = first.applyBatchMillis();
        LatencyHistogram h = st.applyBatchMillis();
        assertTrue(h1.count() >= 1, "slice 1 applied batches: " + h1);
        assertTrue(h.count() > h1.count(), "slice 2 added its batches: " + h1 + " -> " + h);
        assertEquals(h.count(), h.counts().stream().mapToLong(Long::longValue).sum(), "buckets hold every batch");
        assertTrue(h.sumMillis() > h1.sumMillis(), h.toString());
        // the delay history the console charts: a sample per slice at least, counters never going back
        List<ReplicationHistory.Sample> samples = ReplicationHistory.read(state.documents, taskId).samples();
        assertTrue(samples.size() >= 2, "samples: " + samples);
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).rows() >= samples.get(i - 1).rows(), "samples: " + samples);
            assertTrue(samples.get(i).at() >= samples.get(i - 1).at(), "samples: " + samples);
        }
        assertTrue(samples.get(samples.size() - 1).rows() >= 8, "the second slice's samples carry the sums: "
                + samples);
    }

    /** One slice as the state machine runs it: a new state object and a new replicator with its own connection. */
    private void slice(String taskId, TaskSpec spec) {
        new Replicator(taskId, spec, state.state(taskId), ReplicationFixture.config(2, 100, Duration.ofSeconds(4)))
                .runSlice();
    }
}
