package dev.sluice.fullcopy;

import dev.sluice.table.Chunk;
import dev.sluice.table.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lease and fencing rules of the chunk ledger on the embedded DynamoDB. */
class ChunkLedgerTest {
    static TestState state;

    @BeforeAll
    static void start() {
        state = TestState.inMemory();
    }

    @AfterAll
    static void stop() {
        state.close();
    }

    private static List<Chunk> planChunks(ChunkLedger ledger, int n) {
        TableRef t = new TableRef("db", "t");
        List<Chunk> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chunk c = new Chunk(t, i, i == 0 ? null : List.of(String.valueOf(i * 10)),
                    i == n - 1 ? null : List.of(String.valueOf(i * 10 + 10)), 10, false);
            assertTrue(ledger.plan(c));
            out.add(c);
        }
        return out;
    }

    @Test
    void planningTwiceDoesNotDuplicate() {
        ChunkLedger ledger = new ChunkLedger(state.table, "plan-twice");
        List<Chunk> chunks = planChunks(ledger, 3);
        assertFalse(ledger.plan(chunks.get(1)), "a chunk planned again must be refused");
        assertEquals(3, ledger.all().size());
        assertEquals(List.of("20"), ledger.all().get(2).chunk().lo());
        assertEquals(null, ledger.all().get(2).chunk().hi());
    }

    @Test
    void racingWorkersNeverClaimAChunkTwice() throws Exception {
        ChunkLedger ledger = new ChunkLedger(state.table, "race");
        List<Chunk> chunks = planChunks(ledger, 30);
        ConcurrentHashMap<Integer, String> claimedBy = new ConcurrentHashMap<>();
        List<String> doubles = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "w" + w;
            fs.add(pool.submit(() -> {
                go.await();
                int mine = 0;
                for (Chunk c : chunks) { // all workers walk the same order: maximal contention
                    Optional<Claim> claim = ledger.claim(c, owner, 60_000);
                    if (claim.isPresent()) {
                        if (claimedBy.putIfAbsent(c.seq(), owner) != null) {
                            doubles.add(c.describe());
                        }
                        assertTrue(ledger.done(claim.get(), 10, 100));
                        mine++;
                    }
                }
                return mine;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : fs) {
            total += f.get();
        }
        pool.shutdown();
        assertEquals(List.of(), doubles);
        assertEquals(30, total);
        assertTrue(ledger.all().stream().allMatch(s -> s.status() == ChunkState.Status.DONE));
        assertTrue(ledger.all().stream().allMatch(s -> s.token() == 1), "each chunk claimed exactly once");
    }

    @Test
    void expiredLeaseIsTakenOverAndTheZombieIsFenced() {
        AtomicLong clock = new AtomicLong(1_000_000);
        ChunkLedger ledger = new ChunkLedger(state.table, "takeover", clock::get);
        Chunk c = planChunks(ledger, 1).get(0);
        Claim first = ledger.claim(c, "zombie", 5_000).orElseThrow();
        assertEquals(1, first.token());
        assertTrue(ledger.claim(c, "other", 5_000).isEmpty(), "a live lease must not be taken");
        clock.addAndGet(4_000);
        first = ledger.renew(first, 5_000).orElseThrow(); // renewal pushes expiry to 1_009_000
        clock.addAndGet(4_000);
        assertTrue(ledger.claim(c, "other", 5_000).isEmpty(), "a renewed lease must not be taken");
        clock.addAndGet(2_000); // past expiry
        Claim second = ledger.claim(c, "other", 5_000).orElseThrow();
        assertEquals(2, second.token());
        assertTrue(ledger.renew(first, 5_000).isEmpty(), "the zombie may not renew");
        assertFalse(ledger.done(first, 999, 999), "the zombie's done must be rejected");
        assertFalse(ledger.release(first), "the zombie may not release the new owner's claim");
        assertTrue(ledger.done(second, 10, 100));
        ChunkState s = ledger.get(c).orElseThrow();
        assertEquals(ChunkState.Status.DONE, s.status());
        assertEquals(10, s.rows());
        assertEquals("other", s.owner());
        assertFalse(ledger.done(second, 10, 100), "done twice must be rejected");
        assertTrue(ledger.claim(c, "late", 5_000).isEmpty(), "a done chunk is never claimed again");
    }

    @Test
    void releasedChunkIsClaimedAgainWithANewToken() {
        ChunkLedger ledger = new ChunkLedger(state.table, "release");
        Chunk c = planChunks(ledger, 1).get(0);
        Claim a = ledger.claim(c, "a", 60_000).orElseThrow();
        assertTrue(ledger.release(a));
        Claim b = ledger.claim(c, "b", 60_000).orElseThrow();
        assertEquals(2, b.token());
        assertFalse(ledger.done(a, 1, 1));
        assertTrue(ledger.done(b, 1, 1));
    }

    /** Rows streamed into a running chunk show while its claim holds; a release, a new claim or done drops them. */
    @Test
    void rowsOfARunningChunkLiveOnlyWhileItsClaimHolds() {
        ChunkLedger ledger = new ChunkLedger(state.table, "copying");
        Chunk c = planChunks(ledger, 1).get(0);
        Claim a = ledger.claim(c, "a", 60_000).orElseThrow();
        a = ledger.renew(a, 60_000, 700, 7_000).orElseThrow();
        assertEquals(700, ledger.get(c).orElseThrow().rowsCopying());
        a = ledger.renew(a, 60_000).orElseThrow();
        assertEquals(700, ledger.get(c).orElseThrow().rowsCopying(), "a plain renewal keeps the last count");
        assertTrue(ledger.release(a));
        assertEquals(0, ledger.get(c).orElseThrow().rowsCopying(), "released: the attempt's rows were rolled back");
        Claim b = ledger.claim(c, "b", 60_000).orElseThrow();
        assertTrue(ledger.renew(a, 60_000, 900, 9_000).isEmpty(), "the old claim may not publish");
        b = ledger.renew(b, 60_000, 300, 3_000).orElseThrow();
        assertEquals(300, ledger.get(c).orElseThrow().bytesCopying() / 10);
        assertTrue(ledger.done(b, 1_000, 10_000));
        ChunkState done = ledger.get(c).orElseThrow();
        assertEquals(0, done.rowsCopying());
        assertEquals(1_000, done.rows());
    }

    /** Regression (issue 16): status's full-copy rate kept falling after the copy ended (rows / time since start). */
    @Test
    void finishedCopyKeepsTheRateItHad() {
        long start = System.currentTimeMillis() - 100_000;
        AtomicLong clock = new AtomicLong(start);
        ChunkLedger ledger = new ChunkLedger(state.table, "rate", clock::get);
        List<Chunk> chunks = planChunks(ledger, 2);
        state.docs.put("rate", TablePlan.sortKey(new TableRef("db", "t")), new TablePlan("db", "t", "db", "t",
                "PRIMARY", List.of("id"), 2_000, 1_000, 2, false, java.time.Instant.ofEpochMilli(start)));
        for (Chunk c : chunks) {
            Claim claim = ledger.claim(c, "w", 60_000).orElseThrow();
            clock.addAndGet(5_000);
            assertTrue(ledger.done(claim, 1_000, 0));
        }
        // 2,000 rows copied in the 10 s from the first claim to the last chunk, finished 90 s ago: 200 rows/s
        CopyProgress p = CopyProgress.read(state.table, state.docs, "rate");
        assertEquals(200, p.rowsPerSecond(), 1, "rate of the finished copy");
        assertEquals(java.time.Duration.ZERO, p.eta());
    }
}
