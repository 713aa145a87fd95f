package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.handler.Functions;
import dev.sluice.local.InProcessInvoker;
import dev.sluice.local.LocalPlatform;
import dev.sluice.state.Phase;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskFiles;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.workflow.LocalStepFunctions;
import dev.sluice.workflow.store.ExecutionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the Verify state is a Map over batches of chunk ranges (plan, one bounded call per batch, report), run by
 * the local Step Functions runner from workflow/migration.asl.json on real MySQL 8.0 servers; a batch call that
 * runs out of time leaves its chunks for the next call, and a repeated call redoes only unstored chunks.
 */
class VerifyWorkflowTest {
    static DbServer mysql;
    static EmbeddedDynamoDb dynamo;
    static StateTable table;
    static Tasks tasks;

    @BeforeAll
    static void start() {
        System.setProperty("sluice.verify.chunkRows", "500");
        System.setProperty("sluice.verify.chunksPerBatch", "3");
        mysql = SharedServers.get(Flavor.MYSQL_80);
        dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                "verify-workflow");
        table.ensureExists();
        tasks = new Tasks(table);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("sluice.verify.chunkRows");
        System.clearProperty("sluice.verify.chunksPerBatch");
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** A schema + full task of a 3,000-row keyed table and a keyless one: 7 chunks, 3 batches of at most 3. */
    static String newTask() throws Exception {
        String db = mysql.createDatabase("vw");
        mysql.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99) "
                        + "SELECT a.i * 100 + b.i + 1, 'v' FROM n a JOIN n b WHERE a.i * 100 + b.i < 3000",
                "CREATE TABLE bag (a INT, b VARCHAR(10))", "INSERT INTO bag VALUES (1, 'x'), (1, 'x')");
        Path pw = Files.createTempFile("sluice-pw", ".txt");
        Files.writeString(pw, mysql.rootPassword());
        pw.toFile().deleteOnExit();
        String endpoint = "{host: " + mysql.host() + ", port: " + mysql.port() + ", user: " + mysql.rootUser()
                + ", password: 'file:" + pw + "'}";
        return tasks.create(TaskFiles.parse("name: vw\nsource: " + endpoint + "\ndestination: " + endpoint
                + "\ntypes: [schema, full]\nobjects: [{database: " + db + "}]\n"
                + "mapping: {databases: {" + db + ": " + db + "_dst}}\n"
                + "options: {full_copy: {workers: 2, chunk_rows: 1000}, verify_after_full_copy: true}\n",
                "vw.yaml")).id();
    }

    @Test
    void verifyRunsAsAMapOverChunkBatchesInTheLocalRunner() throws Exception {
        String id = newTask();
        try (LocalStepFunctions runner = new LocalStepFunctions(table.client(), "verify-workflow",
                new InProcessInvoker(Functions.catalog(table, 0)), LocalStepFunctions.Options.defaults())) {
            runner.start();
            String sm = runner.createStateMachine("sluice-migration", LocalPlatform.definition(), null, "STANDARD")
                    .arn();
            ExecutionRecord started = runner.startExecution(sm, "verify-" + id, "{\"taskId\":\"" + id + "\"}");
            ExecutionRecord done = runner.awaitCompletion(started.arn(), Duration.ofMinutes(5));
            assertEquals("SUCCEEDED", done.status(), String.valueOf(done));
            List<String> entered = new ArrayList<>();
            String token = null;
            do {
                var page = runner.getExecutionHistory(started.arn(), 1000, token, false);
                for (ObjectNode e : page.items()) {
                    var details = e.get("stateEnteredEventDetails");
                    if (details != null) {
                        entered.add(details.get("name").asText());
                    }
                }
                token = page.nextToken();
            } while (token != null);
            assertTrue(entered.containsAll(List.of("Verify", "VerifyChunks", "VerifyReport")), entered.toString());
        }
        TaskDocuments docs = new TaskDocuments(table);
        ChunkedVerification.Plan plan = docs.get(id, ChunkedVerification.PLAN, ChunkedVerification.Plan.class)
                .orElseThrow();
        assertEquals(7, plan.chunks(), "6 ranges of 500 rows and the keyless table");
        assertEquals(3, plan.batches());
        assertEquals(7, docs.list(id, ChunkedVerification.RESULT + plan.run() + "#").size(), "one result per chunk");
        VerifyReport stored = VerifyReports.load(docs, id);
        assertTrue(stored.equal(), stored.toTable());
        assertEquals(3002, stored.tables().stream().mapToLong(TableReport::sourceRows).sum());
        assertEquals(Phase.DONE, tasks.require(id).phase());
    }

    @Test
    void aBatchOutOfTimeLeavesItsChunksAndARepeatedCallRedoesOnlyUnstoredOnes() throws Exception {
        String id = newTask();
        try (LocalStepFunctions runner = new LocalStepFunctions(table.client(), "verify-workflow",
                new InProcessInvoker(Functions.catalog(table, 0)), LocalStepFunctions.Options.defaults())) {
            // the copy, through the workflow; then the verification steps by hand
            runner.start();
            String sm = runner.createStateMachine("sluice-migration-2", LocalPlatform.definition(), null,
                    "STANDARD").arn();
            runner.awaitCompletion(runner.startExecution(sm, "copy-" + id, "{\"taskId\":\"" + id + "\"}").arn(),
                    Duration.ofMinutes(5));
        }
        TaskDocuments docs = new TaskDocuments(table);
        ChunkedVerification cv = new ChunkedVerification(tasks, docs, table);
        List<Integer> batches = cv.plan(id);
        assertEquals(List.of(0, 1, 2), batches);
        assertTrue(progress(docs, id).contains("0/7 chunks"), progress(docs, id));
        assertEquals(3, cv.runBatch(id, 0, System.nanoTime() - 1), "no time left: every chunk stays");
        assertEquals(0, cv.runBatch(id, 0, System.nanoTime() + 60_000_000_000L));
        // issue 16: the Verify state showed no progress; status, the API and the console read VERIFYPROGRESS
        assertTrue(progress(docs, id).startsWith("verify (workflow) running for"), progress(docs, id));
        assertTrue(progress(docs, id).contains(" 3/7 chunks"), progress(docs, id));
        mysql.executeIn(tasks.require(id).spec().mapping().databases().values().iterator().next(),
                "UPDATE t SET v = 'changed' WHERE id = 1"); // after batch 0 compared it: not seen again
        assertEquals(0, cv.runBatch(id, 0, System.nanoTime() + 60_000_000_000L), "a retry redoes nothing");
        assertEquals(0, cv.runBatch(id, 1, System.nanoTime() + 60_000_000_000L));
        assertEquals(0, cv.runBatch(id, 2, System.nanoTime() + 60_000_000_000L));
        VerifyReport r = cv.report(id);
        assertTrue(r.equal(), "the stored result of the chunk holding id 1 stands: " + r.toTable());
        assertEquals(3002, r.tables().stream().mapToLong(TableReport::sourceRows).sum());
        VerifyProgress.Snapshot last = VerifyProgress.read(docs, id).orElseThrow();
        assertTrue(last.finishedAt() != null && last.chunksDone() == 7 && last.rowsCompared() == 3002,
                last.describe(java.time.Instant.now()));
    }

    private static String progress(TaskDocuments docs, String id) {
        return VerifyProgress.read(docs, id).orElseThrow().describe(java.time.Instant.now());
    }
}
