package dev.sluice.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.db.SourceColumns;
import dev.sluice.incremental.ReplicationState;
import dev.sluice.incremental.SchemaHistory;
import dev.sluice.state.LatencyHistogram;
import dev.sluice.state.ReplicationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replicator's CloudWatch metrics on Lambda ({@link EmbeddedMetrics}), written whenever it mirrors its status,
 * at most once a minute, and once more when the slice ends ({@link #flush}): {@code ReplicationDelaySeconds} (the
 * SAM template alarms on it), the rows, transactions, inserts, updates, deletes and DDL applied since the previous
 * line, {@code BinlogConnections} (1 on a slice's first line: each slice opens one, more than one per task means
 * reconnects), and the apply-batch latency: {@code ApplyBatches}, {@code ApplyBatchMillisMean} and
 * {@code ApplyBatchMillis}, the batches of the minute as at most 100 values (each its histogram bucket's upper
 * bound) for CloudWatch's percentile statistics. Every {@link ReplicationState} call is passed through to the
 * wrapped state.
 */
final class ReplicationMetrics implements ReplicationState {
    static final String DELAY = "ReplicationDelaySeconds";
    private static final long MIN_INTERVAL_MILLIS = 60_000;
    /** EMF: an array value holds at most 100 members. */
    static final int MAX_VALUES = 100;

    private final ReplicationState state;
    private final EmbeddedMetrics metrics;
    private final String taskId;
    private long lastEmitMillis = Long.MIN_VALUE / 2;
    /** The slice's status at the last line (null: none yet), and the latest one mirrored. */
    private ReplicationStatus emitted;
    private ReplicationStatus latest;

    ReplicationMetrics(ReplicationState state, EmbeddedMetrics metrics, String taskId) {
        this.state = state;
        this.metrics = metrics;
        this.taskId = taskId;
    }

    /** Wraps {@code state}; the metrics are written on Lambda only (elsewhere this only passes calls through). */
    static ReplicationMetrics wrap(ReplicationState state, String taskId) {
        return new ReplicationMetrics(state, EmbeddedMetrics.onLambda(), taskId);
    }

    /** The metrics of the slice since the previous line ({@code before}: the slice's status then, null: none). */
    static List<EmbeddedMetrics.Metric> of(ReplicationStatus now, ReplicationStatus before) {
        List<EmbeddedMetrics.Metric> out = new ArrayList<>();
        out.add(EmbeddedMetrics.Metric.of(DELAY, "Seconds", now.caughtUp() ? 0 : now.delaySeconds()));
        long rows = now.rows() - (before == null ? 0 : before.rows());
        out.add(EmbeddedMetrics.Metric.count("RowsApplied", rows));
        out.add(EmbeddedMetrics.Metric.count("TransactionsApplied",
                now.transactions() - (before == null ? 0 : before.transactions())));
        ReplicationStatus.Counts c = now.totals();
        ReplicationStatus.Counts b = before == null ? ReplicationStatus.Counts.ZERO : before.totals();
        out.add(EmbeddedMetrics.Metric.count("Inserts", c.inserts() - b.inserts()));
        out.add(EmbeddedMetrics.Metric.count("Updates", c.updates() - b.updates()));
        out.add(EmbeddedMetrics.Metric.count("Deletes", c.deletes() - b.deletes()));
        out.add(EmbeddedMetrics.Metric.count("DdlApplied", now.ddl() - (before == null ? 0 : before.ddl())));
        out.add(EmbeddedMetrics.Metric.count("BinlogConnections", before == null ? now.connections() : 0));
        LatencyHistogram h = now.applyBatchMillis() == null ? LatencyHistogram.EMPTY : now.applyBatchMillis();
        LatencyHistogram hb = before == null || before.applyBatchMillis() == null ? LatencyHistogram.EMPTY
                : before.applyBatchMillis();
        long batches = h.count() - hb.count();
        out.add(EmbeddedMetrics.Metric.count("ApplyBatches", batches));
        if (batches > 0) {
            out.add(EmbeddedMetrics.Metric.of("ApplyBatchMillisMean", "Milliseconds",
                    (h.sumMillis() - hb.sumMillis()) / batches));
            out.add(EmbeddedMetrics.Metric.values("ApplyBatchMillis", "Milliseconds", bucketValues(h, hb)));
        }
        return out;
    }

    /**
     * The batches between two histograms as at most {@link #MAX_VALUES} values, each bucket's upper bound (twice
     * the largest bound for the overflow bucket) repeated in proportion to its count, at least once when non-empty.
     */
    static double[] bucketValues(LatencyHistogram now, LatencyHistogram before) {
        int n = LatencyHistogram.BOUNDS_MILLIS.length + 1;
        long total = now.count() - before.count();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long d = now.counts().get(i) - before.counts().get(i);
            if (d <= 0) {
                continue;
            }
            long k = total <= MAX_VALUES ? d : Math.max(1, Math.round((double) d * (MAX_VALUES - n) / total));
            double v = i < n - 1 ? LatencyHistogram.BOUNDS_MILLIS[i] : 2 * LatencyHistogram.BOUNDS_MILLIS[n - 2];
            for (long j = 0; j < k && values.size() < MAX_VALUES; j++) {
                values.add(v);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public void mirror(ReplicationStatus status) {
        state.mirror(status);
        latest = status;
        long now = System.currentTimeMillis();
        if (metrics != null && now - lastEmitMillis >= MIN_INTERVAL_MILLIS) {
            emit(now);
        }
    }

    /** Writes what the slice did since the last line (its end: the last minute's counts are not lost). */
    void flush() {
        if (metrics != null && latest != null && latest != emitted) {
            emit(System.currentTimeMillis());
        }
    }

    private void emit(long now) {
        lastEmitMillis = now;
        metrics.emit(taskId, of(latest, emitted), Instant.ofEpochMilli(now));
        emitted = latest;
    }

    @Override
    public boolean isStopRequested() {
        return state.isStopRequested();
    }

    @Override
    public Optional<JsonNode> handoff() {
        return state.handoff();
    }

    @Override
    public Optional<SourceColumns.Snapshot> handoffColumns() {
        return state.handoffColumns();
    }

    @Override
    public List<SchemaHistory.Entry> schemaHistory() {
        return state.schemaHistory();
    }

    @Override
    public void putSchemaHistory(SchemaHistory.Entry entry) {
        state.putSchemaHistory(entry);
    }

    @Override
    public void deleteSchemaHistory(int seq) {
        state.deleteSchemaHistory(seq);
    }

    @Override
    public List<String> uniqueKeysAfterReplay() {
        return state.uniqueKeysAfterReplay();
    }

    @Override
    public void uniqueKeysBuilt() {
        state.uniqueKeysBuilt();
    }
}
