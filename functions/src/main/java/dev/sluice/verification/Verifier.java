package dev.sluice.verification;

import dev.sluice.db.ServerInfo;
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
        ServerInfo sourceInfo;
        try (Connection src = Sessions.open(spec.source())) {
            sourceInfo = ServerInfo.of(src);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService chunkPool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread th = new Thread(r, "sluice-verify-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        ExecutorService tablePool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.threads(), 4)), r -> {
            Thread th = new Thread(r, "sluice-verify-table-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        TaskThrottler own = throttler != null ? null : new TaskThrottler(null, "verify", spec.throttleOrNone(), 1,
                new ThreadsRunningProbe(spec.source()));
        try (ConnectionPool pool = new ConnectionPool(spec.source(), spec.destination())) {
            TableVerifier tv = new TableVerifier(pool, chunkPool, throttler != null ? throttler : own, options,
                    checkpoint, sourceInfo, progress);
            progress.started(tables.size());
            List<Future<TableReport>> futures = new ArrayList<>();
            for (TableTarget t : tables) {
                futures.add(tablePool.submit(() -> {
                    TableReport r = verifyOne(tv, t);
                    progress.tableDone();
                    return r;
                }));
            }
            List<TableReport> reports = new ArrayList<>();
            for (Future<TableReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException e) {
                    progress.finished("failed: " + e.getCause().getMessage());
                    throw new IllegalStateException("verification failed: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    progress.finished("interrupted");
                    throw e;
                }
            }
            VerifyReport report = new VerifyReport(reports, (System.nanoTime() - t0) / 1e9);
            progress.finished(report.summary());
            return report;
        } finally {
            tablePool.shutdownNow();
            chunkPool.shutdownNow();
            if (own != null) {
                own.close();
            }
        }
    }

    private static TableReport verifyOne(TableVerifier tv, TableTarget t) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            return tv.verify(t);
        } catch (SQLException | RuntimeException e) {
            if (dev.sluice.failure.Failures.isRetriable(e)) {
                throw dev.sluice.failure.Failures.classify("verifying " + t.name(), e);
            }
            return TableReport.failed(t.name(), t.destDb() + "." + t.destTable(),
                    e.getClass().getSimpleName() + ": " + e.getMessage(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
