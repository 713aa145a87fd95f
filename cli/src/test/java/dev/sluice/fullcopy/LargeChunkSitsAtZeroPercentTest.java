package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a large chunk sat at 0 % until it was done (a 15,831-row single-chunk table showed 0 % in status and
 * the console for its whole copy): progress came only from the ledger's done chunks. The worker now publishes the
 * rows it has streamed into the running chunk with its lease renewal, at most once per
 * {@link FullCopyWorker#PROGRESS_MILLIS}, so status, the API and the console move inside the chunk — with one
 * conditional write per few seconds per worker, not per batch.
 */
class LargeChunkSitsAtZeroPercentTest {
    static final int ROWS = 30_000;
    static final long ROWS_PER_SECOND = 2_500;

    @Test
    void aRunningChunkReportsTheRowsStreamedSoFar() throws Exception {
        DbServer source = SharedServers.get(Flavor.MYSQL_80);
        DbServer destination = SharedServers.get(Flavor.MYSQL_80);
        FullCopyScenario sc = new FullCopyScenario(source, destination, false);
        sc.createBigTable(ROWS);
        // one worker, the whole table in one chunk, throttled: about 12 s inside one chunk
        TaskSpec spec = sc.spec(1, 1_000_000, new ThrottleSpec(ROWS_PER_SECOND, null, null));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestState state = TestState.inMemory()) {
            TaskRecord task = FullCopyScenario.planned(state, spec);
            ChunkLedger ledger = new ChunkLedger(state.table, task.id());
            Future<WorkerResult> worker = FullCopyScenario.oneWorker(pool, state, task);
            List<Double> seen = new ArrayList<>();
            long claimedVersion = -1;
            long lastVersion = -1;
            long claimedAt = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !worker.isDone()) {
                ChunkState big = bigChunk(ledger);
                if (big != null && big.status() == ChunkState.Status.CLAIMED) {
                    if (claimedVersion < 0) {
                        claimedVersion = big.version();
                        claimedAt = System.nanoTime();
                    }
                    lastVersion = big.version();
                    CopyProgress.TableProgress p = table(CopyProgress.read(state.table, state.docs, task.id()));
                    if (p.chunksDone() == 0) { // still running when the progress was read
                        seen.add(p.percent());
                    }
                }
                Thread.sleep(100);
            }
            WorkerResult r = worker.get(60, TimeUnit.SECONDS);
            long chunkSeconds = (System.nanoTime() - claimedAt) / 1_000_000_000L;
            assertEquals(0, r.remaining());
            System.out.println("LargeChunkSitsAtZeroPercentTest: percent while the chunk ran " + seen);
            assertTrue(seen.size() >= 5, "sampled the running chunk: " + seen);
            List<Double> inside = seen.stream().filter(v -> v > 0 && v < 100).toList();
            assertTrue(inside.size() >= 2 && inside.stream().distinct().count() >= 2,
                    "the table's percent must move inside its one running chunk, not sit at 0 until done: " + seen);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) >= seen.get(i - 1), "progress never goes back: " + seen);
            }
            // cheap: the ledger item is written at most once per PROGRESS_MILLIS while the chunk streams
            long writes = lastVersion - claimedVersion;
            long allowed = chunkSeconds * 1000 / FullCopyWorker.PROGRESS_MILLIS + 2;
            System.out.println("LargeChunkSitsAtZeroPercentTest: " + writes + " ledger writes while the chunk ran "
                    + chunkSeconds + " s");
            assertTrue(writes <= allowed, writes + " ledger writes in a " + chunkSeconds + " s chunk; at most "
                    + allowed + " allowed");

            ChunkState done = bigChunk(ledger);
            assertEquals(ChunkState.Status.DONE, done.status());
            assertEquals(ROWS, done.rows());
            assertEquals(0, done.rowsCopying(), "a done chunk has no rows in flight");
            CopyProgress.TableProgress p = table(CopyProgress.read(state.table, state.docs, task.id()));
            assertEquals(100.0, p.percent());
            assertEquals(ROWS, p.rowsCopied());
            assertEquals(0, p.rowsCopying());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ChunkState bigChunk(ChunkLedger ledger) {
        return ledger.all().stream().filter(c -> c.chunk().table().table().equals("big")).findFirst().orElse(null);
    }

    private static CopyProgress.TableProgress table(CopyProgress p) {
        return p.tables().stream().filter(t -> t.table().endsWith(".big")).findFirst().orElseThrow();
    }
}
