package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verification while the source keeps changing and a stand-in replicator applies the same statements to the
 * destination a little later (the incremental package has not landed yet): without re-checks the in-flight rows
 * show up as differences; with re-checks (after a pause, or once the stand-in's checkpoint has passed the source
 * position the chunk was read at) no false difference is reported.
 */
class VerifierLiveWritesTest {
    private static final int ROWS = 3000;
    private static final long LAG_MILLIS = 400;

    private DbServer server;
    private String srcDb;
    private String dstDb;
    private TaskSpec spec;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicReference<CheckpointState> applied = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** A statement run on the source, to be applied to the destination after the lag. */
    private record Pending(String sql, long dueNanos, BinlogPosition sourcePosition) {
    }

    @BeforeEach
    void createTables() {
        server = SharedServers.get(Flavor.MYSQL_80);
        srcDb = server.createDatabase("live_src");
        dstDb = server.createDatabase("live_dst");
        for (String db : List.of(srcDb, dstDb)) {
            server.executeIn(db, "CREATE TABLE acct (id INT NOT NULL PRIMARY KEY, balance BIGINT NOT NULL, "
                    + "note VARCHAR(40) NULL)");
            server.executeIn(db, "INSERT INTO acct SELECT n, n * 10, CONCAT('row ', n) FROM (SELECT "
                    + "a.i * 1000 + b.i * 100 + c.i * 10 + d.i + 1 AS n FROM " + digits("a") + ", " + digits("b")
                    + ", " + digits("c") + ", " + digits("d") + ") x WHERE n <= " + ROWS);
        }
        spec = VerifyFixtures.task(server, srcDb, server, dstDb);
    }

    private static String digits(String alias) {
        return "(SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL "
                + "SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) " + alias;
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        writing.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    private void startWriterAndReplicator() throws Exception {
        writing.set(true);
        ServerInfo info;
        try (Connection c = server.connect()) {
            info = ServerInfo.of(c);
        }
        Thread writer = new Thread(() -> {
            Random random = new Random(42);
            int nextId = ROWS + 1;
            try (Connection c = server.connect(srcDb); Statement st = c.createStatement()) {
                while (writing.get()) {
                    int op = random.nextInt(10);
                    String sql;
                    if (op < 7) {
                        sql = "UPDATE acct SET balance = balance + " + (random.nextInt(100) + 1) + ", note = 'u"
                                + random.nextInt(1000) + "' WHERE id = " + (random.nextInt(ROWS) + 1);
                    } else if (op < 9) {
                        sql = "INSERT INTO acct VALUES (" + nextId++ + ", 5, 'new')";
                    } else {
                        sql = "DELETE FROM acct WHERE id = " + (random.nextInt(ROWS) + 1);
                    }
                    st.execute(sql);
                    queue.put(new Pending(sql, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LAG_MILLIS),
                            BinlogPosition.current(c, info)));
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }, "test-writer");
        Thread replicator = new Thread(() -> {
            try (Connection c = server.connect(dstDb); Statement st = c.createStatement()) {
                while (writing.get() || !queue.isEmpty()) {
                    Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (p == null) {
                        continue;
                    }
                    long wait = p.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    st.execute(p.sql());
                    applied.set(new CheckpointState(p.sourcePosition().file(), p.sourcePosition().position(),
                            p.sourcePosition().gtidSet(), LAG_MILLIS / 1000.0, Instant.now()));
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }, "test-replicator");
        threads.add(writer);
        threads.add(replicator);
        writer.start();
        replicator.start();
        Thread.sleep(1000); // let changes be in flight
    }

    private VerifyReport verify(int recheckAttempts, BinlogCheckpoint checkpoint) throws Exception {
        return new Verifier(spec, VerifyOptions.DEFAULTS.withChunkRows(250).withThreads(3)
                .withRecheck(recheckAttempts, Duration.ofMillis(LAG_MILLIS * 3))
                .withCheckpointTimeout(Duration.ofSeconds(20)), checkpoint).verify();
    }

    @Test
    void noFalseDifferencesWhileWritesAreReplicated() throws Exception {
        startWriterAndReplicator();
        VerifyReport naive = verify(0, BinlogCheckpoint.NONE);
        assertFalse(naive.equal(), "without re-checks the in-flight changes should show up:\n" + naive.toTable());

        VerifyReport byPause = verify(4, BinlogCheckpoint.NONE);
        assertTrue(byPause.equal(), "re-check after a pause:\n" + byPause.toTable());
        assertTrue(byPause.tables().get(0).rechecked() > 0, byPause.toTable());

        VerifyReport byCheckpoint = verify(4, () -> Optional.ofNullable(applied.get()));
        assertTrue(byCheckpoint.equal(), "re-check once the checkpoint passed the read position:\n"
                + byCheckpoint.toTable());

        writing.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(null, failure.get());
        VerifyReport settled = verify(0, BinlogCheckpoint.NONE);
        assertTrue(settled.equal(), "after the stand-in replicator caught up:\n" + settled.toTable());
        assertEquals(server.queryLong("SELECT COUNT(*) FROM `" + srcDb + "`.acct"),
                settled.tables().get(0).sourceRows());
    }
}
