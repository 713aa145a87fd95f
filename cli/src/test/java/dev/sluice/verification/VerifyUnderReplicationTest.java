package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.binlog.ServerIds;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.incremental.Replicator;
import dev.sluice.incremental.ReplicatorConfig;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Verification while the real incremental replicator (dev.sluice.incremental) applies continuous source writes
 * from MySQL 5.7 to 8.0: chunks are re-checked once the CHECKPOINT#BINLOG mirror has passed the position they were
 * read at, so no in-flight change is reported as a difference.
 */
class VerifyUnderReplicationTest {
    @Test
    void noFalseDifferencesUnderRealReplication() throws Exception {
        DbServer source = SharedServers.get(Flavor.MYSQL_57);
        DbServer dest = SharedServers.get(Flavor.MYSQL_80);
        String srcDb = source.createDatabase("rv_src");
        String dstDb = dest.createDatabase("rv_dst");
        for (var s : List.of(Map.entry(source, srcDb), Map.entry(dest, dstDb))) {
            s.getKey().executeIn(s.getValue(), "CREATE TABLE acct (id INT NOT NULL PRIMARY KEY, balance BIGINT NOT "
                    + "NULL, doc JSON NULL, note VARCHAR(40) NULL)");
            StringBuilder ins = new StringBuilder("INSERT INTO acct VALUES ");
            for (int i = 1; i <= 2000; i++) {
                ins.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i * 10)
                        .append(", '{\"n\": ").append(i).append(", \"v\": 1.0}', 'row ").append(i).append("')");
            }
            s.getKey().executeIn(s.getValue(), ins.toString());
        }
        BinlogPosition start;
        try (Connection c = source.connect()) {
            start = BinlogPosition.current(c, ServerInfo.of(c));
        }
        TaskSpec base = VerifyFixtures.task(source, srcDb, dest, dstDb);
        TaskSpec spec = new TaskSpec("verify-repl", base.source(), base.destination(), Set.of(MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(srcDb, null, null, null)),
                new NameMapping(Map.of(srcDb, dstDb), Map.of(), Map.of()), null,
                new TaskOptions(null, null, null, null, new TaskOptions.IncrementalOptions(start.gtidSet(), null,
                        null, null, null, null, null), null));
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(Files.createTempDirectory("sluice-vr-ddb"),
                "127.0.0.1", 0)) {
            StateTable table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()),
                    "us-east-1"), "sluice-verify-repl");
            table.ensureExists();
            Tasks tasks = new Tasks(table);
            TaskDocuments documents = new TaskDocuments(table);
            String taskId = tasks.create(spec).id();
            Replicator replicator = new Replicator(taskId, spec,
                    new StateTableReplicationState(taskId, tasks, documents, table),
                    new ReplicatorConfig(2, 200, 20, 5000, Duration.ofMinutes(5),
                            ServerIds.forTask("verify-" + System.nanoTime()), true, 200, false, 300));
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread runner = new Thread(() -> {
                try {
                    replicator.runSlice();
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "replicator");
            runner.start();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                Random r = new Random(7);
                try (Connection c = source.connect(srcDb); Statement st = c.createStatement()) {
                    int next = 2001;
                    while (writing.get()) {
                        int op = r.nextInt(10);
                        st.execute(op < 7 ? "UPDATE acct SET balance = balance + 1, doc = JSON_SET(doc, '$.v', "
                                + r.nextInt(100) + ".0) WHERE id = " + (r.nextInt(2000) + 1)
                                : op < 9 ? "INSERT INTO acct VALUES (" + next++ + ", 1, '{\"new\": true}', NULL)"
                                : "DELETE FROM acct WHERE id = " + (r.nextInt(2000) + 1));
                        Thread.sleep(4);
                    }
                } catch (Exception e) {
                    error.compareAndSet(null, e);
                }
            }, "writer");
            writer.start();
            try {
                Thread.sleep(3000);
                VerifyReport live = new Verifier(spec, VerifyOptions.DEFAULTS.withChunkRows(250).withThreads(3)
                        .withRecheck(5, Duration.ofMillis(500)).withCheckpointTimeout(Duration.ofSeconds(30)),
                        new StateCheckpoint(table, taskId)).verify();
                assertNull(error.get(), () -> "replication or writer failed: " + error.get());
                assertTrue(live.equal(), "no false differences under replication:\n" + live.toTable());
                assertTrue(live.tables().get(0).sourceRows() > 2000, live.toTable());
            } finally {
                writing.set(false);
                writer.join(10_000);
                Thread.sleep(1500);
                tasks.requestStop(taskId);
                runner.join(60_000);
            }
            assertNull(error.get(), () -> "replication or writer failed: " + error.get());
            VerifyReport settled = new Verifier(spec, VerifyOptions.DEFAULTS.withRecheck(3, Duration.ofSeconds(1)),
                    new StateCheckpoint(table, taskId)).verify();
            assertTrue(settled.equal(), settled.toTable());
            assertEquals(source.queryLong("SELECT COUNT(*) FROM `" + srcDb + "`.acct"),
                    settled.tables().get(0).sourceRows());
        }
    }
}
