package dev.sluice.incremental;

import dev.sluice.db.TouchedKeys;
import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.failure.Failures;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One ordered apply lane: takes its share of each batch in order and commits the rows together with its
 * checkpoint row in one destination transaction (so after a crash it is exactly as far as its checkpoint says),
 * together with the keys it changed ({@link TouchedKeys}: what cutover verifies after an equal full verification).
 * Deadlocks and lock wait timeouts roll the share back and run it again.
 */
final class ApplyWorker implements Runnable {
    /** A worker's share of one batch; {@code end} is where its checkpoint moves to. */
    record Share(List<RowChange> changes, BinlogCoordinate end, String gtidSet, long eventTime, Runnable onDone) {
    }

    private static final Share POISON = new Share(List.of(), null, null, 0, null);
    private static final int ATTEMPTS = 5;
    /**
     * A unique-key conflict: unique secondary keys are built only after the replay window (ADR 0043), so the
     * destination holds a row the source does not.
     */
    private static final String DIVERGED = ". The destination diverged from the source (a row written there "
            + "directly, or a unique key that compares differently there: check its collation); remove the "
            + "conflicting destination row and resume, or restart the task from a full copy";

    private final int index;
    private final int workers;
    private final Connection connection;
    private final CheckpointStore checkpoints;
    private final AtomicReference<Throwable> failure;
    private final BlockingQueue<Share> queue = new ArrayBlockingQueue<>(8);
    private final ChangeWriter writer;
    private final TouchedKeys touched;
    private final Thread thread;
    private volatile long lastCheckpointNanos = System.nanoTime();

    ApplyWorker(int index, int workers, Connection connection, CheckpointStore checkpoints,
                AtomicReference<Throwable> failure) {
        this.index = index;
        this.workers = workers;
        this.connection = connection;
        this.checkpoints = checkpoints;
        this.failure = failure;
        this.writer = new ChangeWriter(connection);
        this.touched = new TouchedKeys(checkpoints.taskId(), workers, TouchedKeys.MAX_KEYS_PER_TABLE);
        this.thread = new Thread(this, "sluice-apply-" + index);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    long lastCheckpointNanos() {
        return lastCheckpointNanos;
    }

    long statements() {
        return writer.statements();
    }

    /** Queues a share, waiting while the worker is behind; gives up when any worker has failed. */
    void submit(Share share) throws InterruptedException {
        lastCheckpointNanos = System.nanoTime();
        while (!queue.offer(share, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new IllegalStateException("an apply worker failed", failure.get());
            }
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                Share s = queue.take();
                if (s == POISON) {
                    return;
                }
                if (failure.get() != null) {
                    continue; // drain without applying; the replicator is stopping
                }
                applyWithRetry(s);
                s.onDone().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void applyWithRetry(Share s) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                touched.record(connection, touchedKeys(s.changes()));
                writer.apply(s.changes());
                checkpoints.write(connection, new WorkerCheckpoint(index, workers, s.end(), s.gtidSet(),
                        s.eventTime()));
                connection.commit();
                return;
            } catch (SQLException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection may be gone; the error below says why
                }
                boolean lockConflict = e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
                if (!lockConflict || attempt >= ATTEMPTS) {
                    throw Failures.isRetriable(e) ? e : new SQLException("applying binlog changes up to "
                            + s.end().describe() + " failed on the destination: " + e.getMessage()
                            + (e.getErrorCode() == 1062 ? DIVERGED : ""), e.getSQLState(), e.getErrorCode(), e);
                }
                Thread.sleep(20L * attempt);
            }
        }
    }

    /**
     * The keys a share changes per destination table (the old and the new key of an update that changes it);
     * keyless tables are left out (verification always compares them whole).
     */
    static Map<String, TouchedKeys.TableKeys> touchedKeys(List<RowChange> changes) {
        Map<String, TouchedKeys.TableKeys> out = new LinkedHashMap<>();
        for (RowChange ch : changes) {
            TargetTable t = ch.target();
            if (!t.hasKey()) {
                continue;
            }
            TouchedKeys.TableKeys tk = out.computeIfAbsent(t.db() + "." + t.table(),
                    n -> new TouchedKeys.TableKeys(t.keyNames(), new ArrayList<>()));
            if (tk.keys() == null) {
                continue;
            }
            tk.keys().add(ch.key());
            if (ch.kind() == RowChange.Kind.UPDATE_KEY) {
                Object[] newKey = new Object[t.keyColumns().length];
                for (int i = 0; i < newKey.length; i++) {
                    int at = t.columns().indexOf(t.keyColumns()[i]);
                    if (at < 0) { // a key column that is not written: the new key is unknown, compare the table whole
                        out.put(t.db() + "." + t.table(), new TouchedKeys.TableKeys(t.keyNames(), null));
                        newKey = null;
                        break;
                    }
                    newKey[i] = ch.after()[at];
                }
                if (newKey != null) {
                    tk.keys().add(newKey);
                }
            }
        }
        return out;
    }

    /** Lets the worker finish what is queued, then ends its thread and closes its connection. */
    void shutdown(long waitMillis) {
        try {
            // a worker that failed has ended: its full queue would only make this offer wait (30 s per worker
            // after a lost destination, before the slice could report the failure)
            if (thread.isAlive() && !queue.offer(POISON, waitMillis, TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
