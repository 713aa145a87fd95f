package dev.sluice.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.task.ThrottleSpec;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate caps, limits changed while running through the THROTTLE item, and the Threads_running pause. */
class TaskThrottlerTest {
    static EmbeddedDynamoDb dynamo;
    static StateTable table;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"), "thr");
        table.ensureExists();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Test
    void tokenBucketHoldsTheRate() throws Exception {
        TokenBucket b = new TokenBucket(1_000);
        long t0 = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            b.acquire(100); // 3,000 tokens at 1,000/s with 1,000 of burst: about 2 s
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(secs >= 1.8 && secs < 4, "took " + secs + " s");
        TokenBucket unlimited = new TokenBucket(0);
        long t1 = System.nanoTime();
        unlimited.acquire(1_000_000_000L);
        assertTrue(System.nanoTime() - t1 < 50_000_000L);
    }

    /** Regression (issue 16): a worker already waiting kept its whole wait after the limit was lifted. */
    @Test
    void aWaitingWorkerIsReleasedWhenTheLimitIsLiftedLive() throws Exception {
        ThrottleItem.seed(table, "t3", new ThrottleSpec(1_000L, null, null));
        try (TaskThrottler t = new TaskThrottler(table, "t3", new ThrottleSpec(1_000L, null, null), 1, null)) {
            t.acquire(1_000, 0); // the burst
            long t0 = System.nanoTime();
            Thread worker = new Thread(() -> {
                try {
                    t.acquire(30_000, 0); // 30 s at 1,000 rows/s
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            Thread.sleep(300);
            ThrottleItem.setLimits(table, "t3", new ThrottleSpec(0L, null, null)); // sluice throttle ID --rows-per-second 0
            worker.join(10_000);
            double secs = (System.nanoTime() - t0) / 1e9;
            boolean stillWaiting = worker.isAlive();
            worker.interrupt();
            assertTrue(!stillWaiting && secs < 4, "the waiting worker was released after " + secs + " s"
                    + (stillWaiting ? " (still waiting)" : ""));
        }
    }

    @Test
    void tokenBucketWakesWaitersWhenTheRateRises() throws Exception {
        TokenBucket b = new TokenBucket(100);
        b.acquire(100);
        long t0 = System.nanoTime();
        Thread raise = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            b.setRate(100_000);
        });
        raise.start();
        b.acquire(1_000); // 10 s at 100/s, 10 ms at 100,000/s
        double secs = (System.nanoTime() - t0) / 1e9;
        raise.join();
        assertTrue(secs < 2, "took " + secs + " s");
    }

    @Test
    void limitsChangeWhileRunningAndAreSharedPerWorker() throws Exception {
        AtomicLong clock = new AtomicLong(System.nanoTime());
        ThrottleItem.seed(table, "t1", new ThrottleSpec(1_000L, null, null));
        TaskThrottler t = new TaskThrottler(table, "t1", new ThrottleSpec(1_000L, null, null), 4, null, clock::get);
        ThrottleItem.setLimits(table, "t1", new ThrottleSpec(8_000L, 123L, 0));
        t.acquire(1, 1);
        assertEquals(1_000L, t.limits().rowsPerSecondOrUnlimited(), "not re-read before the refresh interval");
        clock.addAndGet(TaskThrottler.REFRESH_NANOS + 1);
        t.acquire(1, 1);
        assertEquals(8_000L, t.limits().rowsPerSecondOrUnlimited());
        assertEquals(123L, t.limits().bytesPerSecondOrUnlimited());
        assertTrue(ThrottleItem.read(table, "t1").orElseThrow().describe().contains("8000 rows/s"));
    }

    @Test
    void pausesWhileThreadsRunningIsHighAndShowsTheReason() throws Exception {
        ThrottleItem.seed(table, "t2", new ThrottleSpec(null, null, 10));
        AtomicLong running = new AtomicLong(50);
        AtomicReference<String> seenWhilePaused = new AtomicReference<>();
        LoadProbe probe = () -> {
            long r = running.get();
            if (r > 10) {
                // second look: record what status shows, then let the load drop
                ThrottleItem.read(table, "t2").ifPresent(i -> seenWhilePaused.compareAndSet(null, i.pausedReason()));
                if (seenWhilePaused.get() != null) {
                    running.set(3);
                }
            }
            return r;
        };
        TaskThrottler t = new TaskThrottler(table, "t2", new ThrottleSpec(null, null, 10), 1, probe);
        long t0 = System.nanoTime();
        t.acquire(10, 10);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= TaskThrottler.PAUSE_SLEEP_MILLIS, "paused for " + ms + " ms");
        assertTrue(seenWhilePaused.get() != null && seenWhilePaused.get().contains("Threads_running 50 > "
                + "max_threads_running 10"), String.valueOf(seenWhilePaused.get()));
        assertNull(ThrottleItem.read(table, "t2").orElseThrow().pausedReason(), "reason cleared on resume");
    }
}
