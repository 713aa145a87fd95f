package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes row changes to the apply workers and hands them over in batches. A change of a COMPACT table goes to the
 * worker its key hashes to, any other change to the worker of its table (order within the table is kept). A
 * batch spans many source transactions; each worker commits its share with its checkpoint in one destination
 * transaction. After a restart a worker's changes before its own checkpoint ({@code thresholds}) are dropped.
 */
final class Batches {
    /** A worker that had no share for this long still gets an (empty) one, so its checkpoint moves on. */
    static final long EMPTY_CHECKPOINT_NANOS = 1_000_000_000L;

    private final ApplyWorker[] workers;
    private final List<RowChange>[] shares;
    private final BinlogCoordinate[] thresholds;
    private final ReplicationProgress progress;
    private final long batchMillis;
    private int rows;
    private long startNanos = System.nanoTime();
    private final List<Long> heartbeats = new ArrayList<>();
    private long flushSeq;
    private final TreeMap<Long, Flush> inFlight = new TreeMap<>();
    private final AtomicInteger inFlightCount = new AtomicInteger();

    /** One batch handed to the workers; complete when every share of it is committed. */
    private final class Flush {
        final long seq;
        final BinlogCoordinate end;
        final String gtidSet;
        final long eventTime;
        final List<Long> heartbeats;
        final AtomicInteger remaining;
        /** Rows in the batch, and when it was handed to the workers (its apply latency runs from here). */
        final int rows;
        final long flushedNanos = System.nanoTime();
        /** Set (under the inFlight lock) when every share is committed. */
        boolean committed;

        Flush(long seq, BinlogCoordinate end, String gtidSet, long eventTime, List<Long> heartbeats, int shares,
              int rows) {
            this.seq = seq;
            this.rows = rows;
            this.end = end;
            this.gtidSet = gtidSet;
            this.eventTime = eventTime;
            this.heartbeats = heartbeats;
            this.remaining = new AtomicInteger(shares);
        }

        void shareDone() {
            if (remaining.decrementAndGet() == 0) {
                completed(this);
            }
        }
    }

    /** {@code thresholds}: each worker's checkpoint after a restart, or null on a first start. */
    @SuppressWarnings("unchecked")
    Batches(ApplyWorker[] workers, BinlogCoordinate[] thresholds, ReplicationProgress progress, long batchMillis) {
        this.workers = workers;
        this.thresholds = thresholds;
        this.progress = progress;
        this.batchMillis = batchMillis;
        this.shares = new List[workers.length];
        for (int i = 0; i < workers.length; i++) {
            shares[i] = new ArrayList<>();
        }
    }

    /** Adds a change to its worker's share: by key for COMPACT tables, else by table. */
    void route(RowChange change, Object[] key, int tableHash) {
        int w;
        if (change.target().mode() == TargetTable.Mode.COMPACT) {
            w = Math.floorMod(RowChange.routingHash(key), workers.length);
        } else {
            w = Math.floorMod(tableHash, workers.length);
        }
        if (thresholds != null && change.at().isBefore(thresholds[w])) {
            return; // committed by this worker before the restart
        }
        shares[w].add(change);
    }

    /** Counts a row read into the batch; returns the rows in it. */
    int rowRead() {
        return ++rows;
    }

    int rows() {
        return rows;
    }

    /** A heartbeat row (source time in ms): its delay is measured when the batch carrying it commits. */
    void heartbeat(long millis) {
        heartbeats.add(millis);
    }

    /** True when the batch holds rows or heartbeats. */
    boolean hasContent() {
        return rows > 0 || !heartbeats.isEmpty();
    }

    /** True when the batch is older than the batch time (ten times that while a backlog is read). */
    boolean aged(boolean fresh) {
        long limit = batchMillis * 1_000_000L * (fresh ? 1 : 10);
        return System.nanoTime() - startNanos >= limit;
    }

    int inFlight() {
        return inFlightCount.get();
    }

    /** True when a worker's checkpoint is due and everything before {@code boundary} is applied. */
    boolean emptyCheckpointDue(BinlogCoordinate boundary) {
        long now = System.nanoTime();
        for (ApplyWorker w : workers) {
            if (now - w.lastCheckpointNanos() > EMPTY_CHECKPOINT_NANOS) {
                return !boundary.equals(progress.appliedAt()) && inFlightCount.get() == 0;
            }
        }
        return false;
    }

    /** Hands the batch to the workers, ending at {@code end} (GTID set {@code gtidText}, event time in ms). */
    void flush(BinlogCoordinate end, String gtidText, long eventTime) throws InterruptedException {
        long now = System.nanoTime();
        int submitted = 0;
        boolean[] send = new boolean[workers.length];
        for (int i = 0; i < workers.length; i++) {
            send[i] = !shares[i].isEmpty() || now - workers[i].lastCheckpointNanos() > EMPTY_CHECKPOINT_NANOS;
            if (send[i]) {
                submitted++;
            }
        }
        if (submitted == 0 && !heartbeats.isEmpty()) {
            send[0] = true; // a heartbeat is timed when a share of its batch commits
            submitted = 1;
        }
        Flush f = new Flush(++flushSeq, end, gtidText, eventTime, new ArrayList<>(heartbeats), submitted,
                rows);
        heartbeats.clear();
        rows = 0;
        startNanos = now;
        if (submitted == 0) {
            for (List<RowChange> s : shares) {
                s.clear();
            }
            return;
        }
        synchronized (inFlight) {
            inFlight.put(f.seq, f);
        }
        inFlightCount.incrementAndGet();
        for (int i = 0; i < workers.length; i++) {
            if (send[i]) {
                workers[i].submit(new ApplyWorker.Share(shares[i], end, gtidText, eventTime, f::shareDone));
                shares[i] = new ArrayList<>();
            }
        }
    }

    /**
     * A batch is committed by every worker that had a share of it. The applied position (status, delay) moves in
     * batch order only: a later batch can finish first on its workers while an earlier one is still being applied
     * by another, and the position must not claim the earlier batch's rows.
     */
    private void completed(Flush f) {
        long now = System.currentTimeMillis();
        if (f.rows > 0) { // empty checkpoint-only batches are not apply latency
            progress.batchApplied((System.nanoTime() - f.flushedNanos) / 1e6);
        }
        int done = 0;
        synchronized (inFlight) {
            f.committed = true;
            while (!inFlight.isEmpty() && inFlight.firstEntry().getValue().committed) {
                Flush head = inFlight.pollFirstEntry().getValue();
                long newestHeartbeat = 0;
                for (long hb : head.heartbeats) {
                    progress.delays().add(Math.max(0, now - hb));
                    newestHeartbeat = Math.max(newestHeartbeat, hb);
                }
                if (!head.end.isBefore(progress.appliedAt())) {
                    progress.applied(head.end, head.gtidSet, Math.max(head.eventTime, newestHeartbeat));
                }
                done++;
            }
        }
        inFlightCount.addAndGet(-done);
    }

    /** Waits until every batch handed over is committed; {@code check} throws a worker's failure. */
    void waitIdle(Runnable check) throws InterruptedException {
        while (inFlightCount.get() > 0) {
            check.run();
            Thread.sleep(1);
        }
        check.run();
    }
}
