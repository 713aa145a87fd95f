package dev.sluice.verification;

import dev.sluice.db.ServerInfo;
import dev.sluice.db.Sql;
import dev.sluice.db.TouchedKeys;
import dev.sluice.table.Chunk;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.TaskThrottler;
import dev.sluice.throttle.ThreadsRunningProbe;
import dev.sluice.throttle.Throttler;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies that the destination holds the same rows as the source for every table a task selects: chunked
 * checksums computed in both servers over the same key ranges, row-level comparison inside differing chunks,
 * keyless tables as multisets, all in parallel and within the task's throttle limits. While the task replicates,
 * differing chunks are read again once the checkpoint has passed the source position they were read at.
 */
public final class Verifier {
    private final TaskSpec spec;
    private final VerifyOptions options;
    private final BinlogCheckpoint checkpoint;

    private final Throttler throttler;
    private VerifyProgress progress = VerifyProgress.none();
    /** Set: compare only the keys replication changed after this epoch of this task (ADR 0053). */
    private String changedTask;
    private long changedAfter;

    /** A verifier within the task's {@code throttle:} limits (rows per second, source Threads_running). */
    public Verifier(TaskSpec spec, VerifyOptions options, BinlogCheckpoint checkpoint) {
        this(spec, options, checkpoint, null);
    }

    /**
     * A verifier that asks {@code throttler} before each chunk (the task's shared throttler, so live limit changes
     * apply); null for one of its own built from the task file.
     */
    public Verifier(TaskSpec spec, VerifyOptions options, BinlogCheckpoint checkpoint, Throttler throttler) {
        this.spec = spec;
        this.options = options;
        this.checkpoint = checkpoint;
        this.throttler = throttler;
    }

    /** Reports the progress of the next runs to {@code p} (stored with the task, shown by status). */
    public Verifier withProgress(VerifyProgress p) {
        this.progress = p;
        return this;
    }

    /**
     * Makes the next runs compare, per keyed table, only the keys replication changed after epoch
     * {@code verifiedThrough} of the task (its last equal full verification); keyless tables, tables changed
     * beyond the record's bound and tables under a replicated DDL are compared whole.
     */
    public Verifier onlyChangedSince(String taskId, long verifiedThrough) {
        this.changedTask = taskId;
        this.changedAfter = verifiedThrough;
        return this;
    }

    /** The selected tables as verification will compare them. */
    public List<TableTarget> targets() throws SQLException {
        try (Connection src = Sessions.open(spec.source()); Connection dst = Sessions.open(spec.destination())) {
            return TableCatalog.targets(spec, src, ServerInfo.of(src), dst, ServerInfo.of(dst));
        }
    }

    /** Verifies every selected table. */
    public VerifyReport verify() throws SQLException, InterruptedException {
        return verify(targets());
    }

    /** Verifies the given tables; a table that cannot be compared gets a report with its error. */
    public VerifyReport verify(List<TableTarget> tables) throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        try (Engine e = new Engine()) {
            progress.started(tables.size());
            List<Future<TableReport>> futures = new ArrayList<>();
            for (TableTarget t : tables) {
                futures.add(e.tablePool.submit(() -> {
                    TableReport r = verifyOne(e.tables, t, changedTask == null ? null : touched(t));
                    progress.tableDone();
                    return r;
                }));
            }
            List<TableReport> reports = new ArrayList<>();
            for (Future<TableReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException ex) {
                    progress.finished("failed: " + ex.getCause().getMessage());
                    throw new IllegalStateException("verification failed: " + ex.getCause().getMessage(),
                            ex.getCause());
                } catch (InterruptedException ex) {
                    progress.finished("interrupted");
                    throw ex;
                }
            }
            VerifyReport report = new VerifyReport(reports, (System.nanoTime() - t0) / 1e9);
            progress.finished(report.summary());
            return report;
        }
    }

    /** One planned chunk of a table, as the workflow's chunked verification hands them out. */
    public record TableChunk(TableTarget table, Chunk chunk) {
    }

    /** Receives the outcome of one chunk as soon as it is compared. */
    @FunctionalInterface
    interface ChunkSink {
        void done(TableChunk chunk, ChunkOutcome outcome);
    }

    /** The chunks of the given tables (key ranges; one whole-table chunk for a keyless table), table by table. */
    public List<TableChunk> plan(List<TableTarget> tables) throws SQLException {
        try (Engine e = new Engine()) {
            List<TableChunk> out = new ArrayList<>();
            for (TableTarget t : tables) {
                for (Chunk c : e.tables.plan(t)) {
                    out.add(new TableChunk(t, c));
                }
            }
            return out;
        }
    }

    /**
     * Compares the chunks in parallel ({@code threads}), handing each outcome to {@code sink}; a chunk not started
     * by {@code deadlineNanos} (System.nanoTime) is left. Returns how many were left.
     */
    int compare(List<TableChunk> chunks, long deadlineNanos, ChunkSink sink) throws SQLException,
            InterruptedException {
        try (Engine e = new Engine()) {
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (TableChunk c : chunks) {
                futures.add(e.chunkPool.submit(() -> {
                    if (System.nanoTime() > deadlineNanos) {
                        left.incrementAndGet();
                        return null;
                    }
                    sink.done(c, e.tables.compare(c.table(), c.chunk()));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof SQLException s) {
                        throw s;
                    }
                    throw new IllegalStateException("verification failed: " + ex.getCause().getMessage(),
                            ex.getCause());
                }
            }
            return left.get();
        }
    }

    /** The pools, connections and throttler of one run. */
    private final class Engine implements AutoCloseable {
        final AtomicInteger n = new AtomicInteger();
        final ExecutorService chunkPool = pool("sluice-verify-", options.threads());
        final ExecutorService tablePool = pool("sluice-verify-table-", Math.max(1, Math.min(options.threads(), 4)));
        final ExecutorService sidePool = pool("sluice-verify-side-", options.threads());
        final TaskThrottler own;
        final ConnectionPool connections;
        final TableVerifier tables;

        Engine() throws SQLException {
            ServerInfo sourceInfo;
            try (Connection src = Sessions.open(spec.source())) {
                sourceInfo = ServerInfo.of(src);
            }
            own = throttler != null ? null : new TaskThrottler(null, "verify", spec.throttleOrNone(), 1,
                    new ThreadsRunningProbe(spec.source()));
            connections = new ConnectionPool(spec.source(), spec.destination());
            tables = new TableVerifier(connections, chunkPool, sidePool, throttler != null ? throttler : own,
                    options, checkpoint, sourceInfo, progress);
        }

        private ExecutorService pool(String prefix, int threads) {
            return Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, prefix + n.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
        }

        @Override
        public void close() {
            tablePool.shutdownNow();
            chunkPool.shutdownNow();
            sidePool.shutdownNow();
            connections.close();
            if (own != null) {
                own.close();
            }
        }
    }

    /** What of {@code t} changed since the recorded epoch, or null when the table is to be compared whole. */
    private TouchedKeys.Touched touched(TableTarget t) throws SQLException {
        if (!t.keyed()) {
            return null;
        }
        TouchedKeys.Touched touched;
        try (Connection dst = Sessions.open(spec.destination())) {
            touched = TouchedKeys.since(dst, changedTask, t.destDb() + "." + t.destTable(), changedAfter);
        }
        String keyColumns = String.join(",", t.key().stream().map(c -> Sql.id(c.destName())).toList());
        if (touched.whole() || (touched.columns() != null && !touched.columns().equals(keyColumns))) {
            return null;
        }
        return touched;
    }

    private static TableReport verifyOne(TableVerifier tv, TableTarget t, TouchedKeys.Touched touched)
            throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            return touched == null ? tv.verify(t) : tv.verifyKeys(t, touched.keys(), touched.ranges());
        } catch (SQLException | RuntimeException e) {
            if (dev.sluice.failure.Failures.isRetriable(e)) {
                throw dev.sluice.failure.Failures.classify("verifying " + t.name(), e);
            }
            return TableReport.failed(t.name(), t.destDb() + "." + t.destTable(),
                    e.getClass().getSimpleName() + ": " + e.getMessage(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
