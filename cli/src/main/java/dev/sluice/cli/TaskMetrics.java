package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.fullcopy.ChunkLedger;
import dev.sluice.fullcopy.ChunkState;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.local.LocalPlatform;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.verification.VerifyProgress;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.Page;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import dev.sluice.state.LatencyHistogram;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics} of 'sluice serve': per-task metrics in the Prometheus text format, through Micrometer's
 * Prometheus registry. The values are read from the state table and the workflow history at each scrape, so they
 * are the task's (cumulative across workers, slices, binlog reconnects, executions and restarts of this process),
 * not one connection's.
 */
final class TaskMetrics {
    /** The values of one task at the last scrape; meters read them. */
    static final class Values {
        volatile double running;
        volatile double failed;
        volatile double rowsCopied;
        volatile double bytesCopied;
        volatile double rowsCopying;
        volatile double chunksDone;
        volatile double chunksTotal;
        volatile double delaySeconds = Double.NaN;
        volatile double transactions;
        volatile double rows;
        volatile double inserts;
        volatile double updates;
        volatile double deletes;
        volatile double ddl;
        volatile double connections;
        volatile double stateErrors;
        volatile double retries;
        volatile double failedExecutions;
        volatile double verifyRowsCompared;
        volatile double verifyChunksDone;
        volatile double verifyChunksPlanned;
        volatile LatencyHistogram applyBatch = LatencyHistogram.EMPTY;
    }

    /** Error/retry counts of one execution up to an event id (finished executions are not read again). */
    private record HistoryCount(long lastId, long errors, long retries, boolean finished) {
    }

    private final LocalPlatform platform;
    private final TaskExecutions executions;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Values> tasks = new ConcurrentHashMap<>();
    private final Map<String, HistoryCount> histories = new ConcurrentHashMap<>();

    TaskMetrics(LocalPlatform platform, TaskExecutions executions) {
        this.platform = platform;
        this.executions = executions;
        registry.getPrometheusRegistry().register((Collector) this::applyBatchHistogram);
    }

    /**
     * {@code sluice_replication_apply_batch_seconds}: the task's apply-batch latency histogram as the replicator
     * keeps it in the state table (summed over slices and reconnects), exposed through the Prometheus model that
     * Micrometer's registry renders; a Micrometer Timer would only see this process's batches (ADR 0086).
     */
    private HistogramSnapshot applyBatchHistogram() {
        double[] bounds = new double[LatencyHistogram.BOUNDS_MILLIS.length + 1];
        for (int i = 0; i < LatencyHistogram.BOUNDS_MILLIS.length; i++) {
            bounds[i] = LatencyHistogram.BOUNDS_MILLIS[i] / 1000.0;
        }
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        HistogramSnapshot.Builder h = HistogramSnapshot.builder().name("sluice_replication_apply_batch_seconds")
                .help("time from handing a batch of binlog rows to the apply workers until every share of it is "
                        + "committed on the destination");
        tasks.forEach((taskId, v) -> {
            LatencyHistogram l = v.applyBatch;
            long[] counts = l.counts().stream().mapToLong(Long::longValue).toArray();
            h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                    .sum(l.sumMillis() / 1000.0).labels(Labels.of("task", taskId)).build());
        });
        return h.build();
    }

    /** The scrape: refreshes every task's values, then renders the registry. */
    synchronized String scrape() {
        Map<String, long[]> perTaskHistory = historyCounts();
        for (TaskRecord t : platform.control().list()) {
            Values v = tasks.computeIfAbsent(t.id(), this::register);
            v.running = t.status() == TaskStatus.RUNNING || t.status() == TaskStatus.STOPPING ? 1 : 0;
            v.failed = t.status() == TaskStatus.FAILED ? 1 : 0;
            long rows = 0;
            long bytes = 0;
            long done = 0;
            long total = 0;
            long copying = 0;
            for (ChunkState c : new ChunkLedger(platform.stateTable(), t.id()).all()) {
                total++;
                if (c.status() == ChunkState.Status.DONE) {
                    done++;
                    rows += c.rows();
                    bytes += c.bytes();
                } else if (c.status() == ChunkState.Status.CLAIMED) {
                    copying += c.rowsCopying();
                }
            }
            v.rowsCopying = copying;
            v.rowsCopied = rows;
            v.bytesCopied = bytes;
            v.chunksDone = done;
            v.chunksTotal = total;
            ReplicationStatus r = StateTableReplicationState.status(platform.control().documents(), t.id()).orElse(null);
            if (r != null) {
                v.delaySeconds = v.running == 1 ? (r.caughtUp() ? 0 : r.delaySeconds()) : Double.NaN;
                v.transactions = r.transactions();
                v.rows = r.rows();
                v.ddl = r.ddl();
                ReplicationStatus.Counts c = r.totals();
                v.inserts = c.inserts();
                v.updates = c.updates();
                v.deletes = c.deletes();
                v.connections = r.connections();
                if (r.applyBatchMillis() != null) {
                    v.applyBatch = r.applyBatchMillis();
                }
            }
            long[] h = perTaskHistory.getOrDefault(t.id(), new long[3]);
            v.stateErrors = h[0];
            v.retries = h[1];
            v.failedExecutions = h[2];
            VerifyProgress.read(platform.control().documents(), t.id()).ifPresent(p -> {
                v.verifyRowsCompared = p.rowsCompared();
                v.verifyChunksDone = p.chunksDone();
                v.verifyChunksPlanned = p.chunksPlanned();
            });
        }
        return registry.scrape();
    }

    private Values register(String taskId) {
        Values v = new Values();
        gauge("sluice.task.running", "1 while the task runs", taskId, v, x -> x.running);
        gauge("sluice.task.failed", "1 when the task is FAILED ('sluice resume' continues it)", taskId, v, x -> x.failed);
        counter("sluice.copy.rows", "rows copied by the full copy (chunks done)", taskId, v, x -> x.rowsCopied);
        counter("sluice.copy.bytes", "bytes copied by the full copy (chunks done)", taskId, v, x -> x.bytesCopied);
        gauge("sluice.copy.rows.in.flight", "rows streamed so far into running chunks (not committed yet)", taskId,
                v, x -> x.rowsCopying);
        gauge("sluice.copy.chunks.done", "full-copy chunks done", taskId, v, x -> x.chunksDone);
        gauge("sluice.copy.chunks", "full-copy chunks planned", taskId, v, x -> x.chunksTotal);
        Gauge.builder("sluice.replication.delay", v, x -> x.delaySeconds).baseUnit("seconds")
                .description("binlog replication delay while the task runs (NaN when it does not)")
                .tag("task", taskId).register(registry);
        counter("sluice.replication.transactions", "source transactions applied", taskId, v, x -> x.transactions);
        for (var kind : Map.<String, ToDoubleFunction<Values>>of("row", x -> x.rows, "insert", x -> x.inserts,
                "update", x -> x.updates, "delete", x -> x.deletes, "ddl", x -> x.ddl).entrySet()) {
            FunctionCounter.builder("sluice.replication.events", v, kind.getValue())
                    .description("binlog events applied, by kind (row = every row change)")
                    .tags("task", taskId, "kind", kind.getKey()).register(registry);
        }
        counter("sluice.binlog.connections", "binlog connections opened (the first, then each reconnect)", taskId, v,
                x -> x.connections);
        counter("sluice.workflow.errors", "failed attempts of workflow states (Task errors and time-outs)", taskId, v,
                x -> x.stateErrors);
        counter("sluice.workflow.retries", "failed attempts retried by a Retry rule", taskId, v, x -> x.retries);
        counter("sluice.workflow.failed.executions", "executions that ended FAILED or TIMED_OUT", taskId, v,
                x -> x.failedExecutions);
        gauge("sluice.verify.rows.compared", "rows compared by the running or last verification", taskId, v,
                x -> x.verifyRowsCompared);
        gauge("sluice.verify.chunks.done", "chunks compared by the running or last verification", taskId, v,
                x -> x.verifyChunksDone);
        gauge("sluice.verify.chunks", "chunks planned by the running or last verification", taskId, v,
                x -> x.verifyChunksPlanned);
        return v;
    }

    private void gauge(String name, String help, String taskId, Values v, ToDoubleFunction<Values> f) {
        Gauge.builder(name, v, f).description(help).tag("task", taskId).register(registry);
    }

    private void counter(String name, String help, String taskId, Values v, ToDoubleFunction<Values> f) {
        FunctionCounter.builder(name, v, f).description(help).tag("task", taskId).register(registry);
    }

    /** Per task: state errors, retries and failed executions over all its executions. */
    private Map<String, long[]> historyCounts() {
        Map<String, long[]> out = new HashMap<>();
        executions.all().forEach((e, taskId) -> {
            HistoryCount h = histories.get(e.arn());
            if (h == null || !h.finished()) {
                h = count(e, h == null ? new HistoryCount(0, 0, 0, false) : h);
                histories.put(e.arn(), h);
            }
            long[] a = out.computeIfAbsent(taskId, k -> new long[3]);
            a[0] += h.errors();
            a[1] += h.retries();
            if (ExecutionRecord.FAILED.equals(e.status()) || ExecutionRecord.TIMED_OUT.equals(e.status())) {
                a[2]++;
            }
        });
        return out;
    }

    private HistoryCount count(ExecutionRecord e, HistoryCount from) {
        Map<Long, String> types = new HashMap<>();
        long errors = from.errors();
        long retries = from.retries();
        long last = from.lastId();
        String token = null;
        do {
            Page<ObjectNode> page = platform.runner().getExecutionHistory(e.arn(), 1000, token, false);
            for (ObjectNode ev : page.items()) {
                long id = ev.path("id").asLong();
                String type = ev.path("type").asText();
                types.put(id, type);
                if (id <= from.lastId()) {
                    continue;
                }
                if (type.equals("TaskFailed") || type.equals("TaskTimedOut")) {
                    errors++;
                }
                String prev = types.get(ev.path("previousEventId").asLong());
                if (type.equals("TaskScheduled") && ("TaskFailed".equals(prev) || "TaskTimedOut".equals(prev))) {
                    retries++;
                }
                last = id;
            }
            token = page.nextToken();
        } while (token != null);
        return new HistoryCount(last, errors, retries, !e.isRunning());
    }
}
