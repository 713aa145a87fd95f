package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.failure.RetriableException;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19: the destination killed with {@code kill -9} in the middle of a throttled chunk made the copy worker
 * fail the task with "sleep interrupted" — closing the LOAD DATA stream interrupts its row reader (asleep in the
 * throttle), and that InterruptedException was thrown instead of the destination's "Communications link
 * failure", so the failure was classified fatal and the workflow never retried. The worker must report a
 * retriable failure, release the chunk, and a worker started after the restart must finish the copy exactly.
 */
class DestinationKillDuringCopyTest {
    static final int BIG_ROWS = 30_000;

    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    @Test
    void destinationKilledMidChunkIsARetriableFailureAndTheCopyFinishesAfterTheRestart() throws Exception {
        DbServer source = SharedServers.get(Flavor.MYSQL_80);
        DbServer destination = servers.start(Flavor.MYSQL_80);
        FullCopyScenario sc = new FullCopyScenario(source, destination, false);
        sc.createBigTable(BIG_ROWS);
        // one worker, chunks of 15,000 rows at 3,000 rows/s: the row reader spends most of a chunk in the throttle
        TaskSpec spec = sc.spec(1, 15_000, new ThrottleSpec(3_000L, null, null));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestState state = TestState.inMemory()) {
            TaskRecord task = FullCopyScenario.planned(state, spec);
            ChunkLedger ledger = new ChunkLedger(state.table, task.id());
            Future<WorkerResult> worker = FullCopyScenario.oneWorker(pool, state, task);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !bigChunkClaimed(ledger)) {
                Thread.sleep(50);
            }
            assertTrue(bigChunkClaimed(ledger), "the worker reached table big");
            Thread.sleep(1_500);   // mid-chunk: some rows sent, the reader throttled
            destination.kill();
            Throwable failure = null;
            try {
                worker.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause();
            }
            assertNotNull(failure, "the worker must fail while the destination is down");
            System.out.println("DestinationKillDuringCopyTest: the worker failed with " + failure);
            assertInstanceOf(RetriableException.class, failure, "a killed destination is a failure the workflow "
                    + "retries (RetriableException), not a fatal one: " + failure);
            assertTrue(ledger.all().stream().noneMatch(c -> c.status() == ChunkState.Status.CLAIMED),
                    "the failed worker released its chunk, so the retry resumes at once from the ledger");

            destination.restart();
            FullCopyScenario.runWorkers(state, state.tasks.require(task.id()), 1, 60_000);
            assertEquals(Phase.DONE, state.tasks.require(task.id()).phase());
        } finally {
            pool.shutdownNow();
        }
        sc.assertEqual(true);
        TableChecksum a = TableChecksum.of(source, sc.edge, "big");
        TableChecksum b = TableChecksum.of(destination, sc.edgeDst, "big");
        assertEquals(BIG_ROWS, b.rows(), "no row missing or doubled");
        assertEquals(a, b);
    }

    private static boolean bigChunkClaimed(ChunkLedger ledger) {
        List<ChunkState> all = ledger.all();
        return all.stream().anyMatch(c -> c.status() == ChunkState.Status.CLAIMED
                && c.chunk().table().table().equals("big"));
    }
}
