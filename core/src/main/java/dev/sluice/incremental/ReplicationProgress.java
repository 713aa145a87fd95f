package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.state.LatencyHistogram;
import dev.sluice.state.ReplicationStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What a slice has done, for {@code sluice status} and the {@code CHECKPOINT#BINLOG} mirror: the position every
 * worker has applied (moved in batch order by {@link Batches}), the source GTID set and event time there, the
 * heartbeat delays, counters and a note about how the delay is measured.
 */
final class ReplicationProgress {
    private volatile BinlogCoordinate appliedAt = BinlogCoordinate.ZERO;
    private volatile String appliedGtids;
    private volatile long appliedEventTime;
    private long transactions;
    private long rows;
    private long ddlApplied;
    private long ddlSkipped;
    private final ChangeCounts counts = new ChangeCounts();
    private String note;
    private final DelaySamples delays = new DelaySamples(100_000);
    private final long[] batchBuckets = new long[LatencyHistogram.BOUNDS_MILLIS.length + 1];
    private long batches;
    private double batchMillisSum;

    BinlogCoordinate appliedAt() {
        return appliedAt;
    }

    /** The workers have applied everything up to {@code at} (GTID set {@code gtids}, event time in ms). */
    void applied(BinlogCoordinate at, String gtids, long eventTime) {
        appliedAt = at;
        appliedGtids = gtids;
        appliedEventTime = eventTime;
    }

    DelaySamples delays() {
        return delays;
    }

    /** A batch of rows was committed by every worker with a share of it, {@code millis} after its hand-over. */
    synchronized void batchApplied(double millis) {
        batchBuckets[LatencyHistogram.bucket(millis)]++;
        batches++;
        batchMillisSum += millis;
    }

    private synchronized LatencyHistogram batchLatency() {
        return new LatencyHistogram(Arrays.stream(batchBuckets).boxed().toList(), batches, batchMillisSum);
    }

    void transaction() {
        transactions++;
    }

    /** A row of {@code table} (db.table on the source) decoded: an insert, update or delete. */
    void row(String table, boolean update, boolean delete) {
        rows++;
        counts.row(table, update, delete);
    }

    /** A DDL statement applied; {@code touched}: the (db, table) pairs it names. */
    void ddlApplied(List<String[]> touched) {
        ddlApplied++;
        for (String[] t : touched) {
            counts.ddl(t[0] + "." + t[1]);
        }
    }

    void ddlSkipped() {
        ddlSkipped++;
    }

    void note(String text) {
        note = text;
    }

    /** The current progress; {@code caughtUp}: everything read is applied. */
    ReplicationStatus status(boolean caughtUp) {
        long now = System.currentTimeMillis();
        BinlogCoordinate at = appliedAt;
        long eventTime = appliedEventTime;
        // binlog timestamps have 1 s resolution; heartbeat rows (when written) refresh appliedEventTime in ms
        double delay = caughtUp || eventTime <= 0 ? 0 : Math.max(0, now - eventTime) / 1000.0;
        long p50 = delays.percentile(50);
        long p99 = delays.percentile(99);
        return new ReplicationStatus(at.file(), at.position(), at.rowIndex(), appliedGtids,
                eventTime > 0 ? Instant.ofEpochMilli(eventTime) : null, delay, caughtUp,
                transactions, rows, ddlApplied, ddlSkipped, p50 < 0 ? null : p50 / 1000.0,
                p99 < 0 ? null : p99 / 1000.0, note, Instant.now()).withTables(counts.snapshot())
                .withApplyBatchMillis(batchLatency());
    }
}
