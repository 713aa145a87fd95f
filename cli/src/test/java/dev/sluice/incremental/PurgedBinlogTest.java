package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A start position in a purged binlog fails the task with the missing file, the oldest file left and the remedy,
 * and applies nothing (it never skips ahead).
 */
class PurgedBinlogTest extends ReplicationPairTest {
    PurgedBinlogTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-purge-test");
    }

    @Test
    void startInAPurgedFileFailsWithTheFileAndTheRemedy() throws Exception {
        String db = TestNames.unique("purge");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE t (id INT PRIMARY KEY)");
        String first = source.queryValue("SHOW BINARY LOGS");
        source.executeIn(db, "INSERT INTO t VALUES (1)");
        source.execute("FLUSH BINARY LOGS");
        source.executeIn(db, "INSERT INTO t VALUES (2)");
        source.execute("FLUSH BINARY LOGS");
        String current = source.query("SHOW MASTER STATUS").get(0).values().iterator().next().toString();
        source.execute("PURGE BINARY LOGS TO '" + current + "'");
        assertEquals(current, source.queryValue("SHOW BINARY LOGS"));

        TaskSpec spec = ReplicationFixture.spec("purge", source, destination, ReplicationFixture.passwordFile(tmp),
                db, NameMapping.NONE, new IncrementalOptions(null, first, 4L, null, false, null, null));
        String taskId = state.createTask(spec);
        Replicator r = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofSeconds(30)));
        BinlogPurgedException e = assertThrows(BinlogPurgedException.class, r::runSlice);
        String m = e.getMessage();
        assertTrue(m.contains(first), m);
        assertTrue(m.contains("oldest binlog still on the source is " + current), m);
        assertTrue(m.contains("full copy"), m);
        assertTrue(m.contains("1236"), m);
        assertEquals("0", destination.queryValue("SELECT COUNT(*) FROM `" + db + "`.t"));
    }
}
