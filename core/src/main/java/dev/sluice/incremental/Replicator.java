package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.binlog.BinlogReader;
import dev.sluice.binlog.StartPosition;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.CopySnapshots;
import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.failure.Failures;
import dev.sluice.failure.RetriableException;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.logging.Logger;

/**
 * Replicates the source's binlog to the destination for one bounded slice (or, with a long budget, continuously):
 * resumes from the destination's checkpoint (or starts at the task's start position) and reads the stream,
 * tracking transactions ({@link StreamCursor}); row events are decoded at the right schema ({@link RowDecoder}),
 * routed to ordered apply workers and handed over in batches of many source transactions, each worker's share in
 * one destination transaction with its checkpoint ({@link Batches}, {@link ApplyWorker}); DDL runs as a barrier
 * ({@link DdlBarrier}); progress is kept for the status ({@link ReplicationProgress}). A slice ends at a
 * transaction boundary when the stop flag is raised or the budget is spent.
 */
public final class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class.getName());
    private static final long STOP_POLL_NANOS = 2_000_000_000L;
    /** How long a slice whose budget is spent may still wait for a transaction boundary. */
    private static final long BOUNDARY_GRACE_NANOS = 30_000_000_000L;
    /** How a catch-up stream's slice ends when it reached its stop position. */
    public static final String CAUGHT_UP = "caught up";

    private final String taskId;
    private final TaskSpec spec;
    private final ReplicationState state;
    private final ReplicatorConfig config;
    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final CheckpointStore checkpoints;
    private final BiPredicate<String, String> selected;
    private final ReplicationScope scope;
    /** The boundary of the last batch handed to the workers (where this stream ended, after a slice). */
    private volatile BinlogCoordinate handedOver;
    private final ReplicationProgress progress = new ReplicationProgress();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    // ---- per-slice resources
    private Connection source;
    private Connection control;
    private ServerInfo sourceInfo;
    private BinlogReader reader;
    private SourceHeartbeat heartbeat;
    private ApplyWorker[] workers;
    private SchemaHistory history;
    private StreamCursor cursor;
    private RowDecoder decoder;
    private Batches batches;
    private DdlBarrier barrier;
    private DdlEvents ddl;
    /** Unique-key ALTERs to run once the replay has passed the horizon (empty when none are left). */
    private List<String> afterReplay = List.of();
    private BinlogCoordinate horizon;
    private volatile long openedNanos;
    private volatile boolean pollerRunning;

    /** Where decoded rows go: the batches; a huge transaction is committed part by part. */
    private final RowDecoder.Sink sink = new RowDecoder.Sink() {
        @Override
        public void change(RowChange change, Object[] key, int tableHash) {
            batches.route(change, key, tableHash);
        }

        @Override
        public void heartbeat(long millis) {
            batches.heartbeat(millis);
        }

        @Override
        public void rowDone(String table, boolean update, boolean delete) throws InterruptedException {
            cursor.skipRows(1);
            progress.row(table, update, delete);
            if (batches.rowRead() >= config.batchRows() && cursor.inTxn()) {
                // a huge transaction: commit what is here and remember how far into the transaction it reached
                flush(cursor.rowAt());
            }
        }
    };

    public Replicator(String taskId, TaskSpec spec, ReplicationState state, ReplicatorConfig config) {
        this(taskId, spec, state, config, ReplicationScope.main(taskId, Map.of()));
    }

    public Replicator(String taskId, TaskSpec spec, ReplicationState state, ReplicatorConfig config,
                      ReplicationScope scope) {
        this.taskId = taskId;
        this.spec = spec;
        this.state = state;
        this.config = config;
        this.scope = scope;
        this.filter = spec.filter();
        this.mapping = spec.mappingOrNone();
        this.checkpoints = new CheckpointStore(taskId, scope.checkpointKey());
        this.selected = (db, table) -> !CheckpointStore.SCHEMA.equals(db) && filter.includesTable(db, table)
                && scope.covers(db, table);
    }

    /** Where this stream has handed everything over to the workers (after a slice: where it ended), or null. */
    public BinlogCoordinate position() {
        return handedOver;
    }

    /** Heartbeat delays measured so far (milliseconds), for benchmarks. */
    public long delayPercentileMillis(double p) {
        return progress.delays().percentile(p);
    }

    /** Forgets the delay samples so far (a benchmark's warm-up). */
    public void resetDelays() {
        progress.delays().clear();
    }

    public int delaySampleCount() {
        return progress.delays().size();
    }

    /** Runs one slice of at most {@code config.slice()}; returns how it ended. */
    public SliceResult runSlice() {
        long deadline = System.nanoTime() + config.slice().toNanos();
        try {
            open();
            String reason = loop(deadline);
            finish();
            ReplicationStatus st = status();
            state.mirror(st);
            return new SliceResult("stopped".equals(reason), reason, st);
        } catch (BinlogPurgedException | DdlFailedException e) {
            throw e;
        } catch (Throwable t) {
            Throwable cause = failure.get() != null ? failure.get() : t;
            if (cause instanceof RuntimeException re && (re instanceof BinlogPurgedException
                    || re instanceof DdlFailedException || re instanceof RetriableException)) {
                throw re;
            }
            throw Failures.classify("binlog replication of task " + taskId, cause);
        } finally {
            close();
        }
    }

    // ------------------------------------------------------------------ setup

    private void open() throws Exception {
        source = Endpoints.open(spec.source());
        sourceInfo = ServerInfo.of(source);
        control = DestinationSessions.open(spec.destination(), config.destinationBinlog());
        CheckpointStore.ensureTable(control);
        control.commit();
        List<WorkerCheckpoint> saved = checkpoints.load(control);
        barrier = new DdlBarrier(taskId, control, checkpoints, mapping, filter);
        afterReplay = scope.isMain() ? state.uniqueKeysAfterReplay() : List.of();
        horizon = scope.isMain() ? checkpoints.horizon(control).orElse(null) : null;
        Map<String, BinlogCoordinate> copiedAt = new HashMap<>();
        CopySnapshots.load(control, taskId, sourceInfo.flavor()).forEach((t, p) -> copiedAt.put(t,
                new BinlogCoordinate(p.file(), p.position(), 0)));
        copiedAt.putAll(scope.skipBefore()); // reloads: their copy or their catch-up stream owns those events
        int w;
        boolean gtidMode;
        BinlogCoordinate[] thresholds;
        String startFile;
        long startPos;
        String startGtid;
        if (saved.isEmpty()) {
            StartPosition start = scope.start() != null ? new StartPosition(scope.start().file(),
                    scope.start().position(), scope.start().gtidSet(), "the table's reload hand-off")
                    : StartPosition.resolve(spec, state::handoff, source, sourceInfo, config.serverId());
            w = Math.max(1, config.workers());
            gtidMode = start.usesGtid();
            startFile = start.file();
            startPos = start.position();
            startGtid = start.gtidSet();
            // fix the start on the destination first, so a crash before the first batch resumes from here
            BinlogCoordinate at = start.coordinate();
            for (int i = 0; i < w; i++) {
                checkpoints.write(control, new WorkerCheckpoint(i, w, at, startGtid, 0));
            }
            if (start.fromFullCopy()) {
                BinlogPosition now = BinlogPosition.current(source, sourceInfo);
                horizon = new BinlogCoordinate(now.file(), now.position(), 0);
                checkpoints.writeHorizon(control, horizon);
            }
            control.commit();
            LOG.info(() -> "task " + taskId + ": binlog replication starts at " + start.origin() + " "
                    + (start.usesGtid() ? "GTIDs " + start.gtidSet() : start.file() + ":" + start.position()));
            thresholds = null;
        } else {
            w = saved.get(0).workers();
            thresholds = CheckpointStore.thresholds(saved, taskId);
            WorkerCheckpoint min = CheckpointStore.earliest(saved);
            gtidMode = min.gtidSet() != null;
            startFile = min.applied().file();
            startPos = min.applied().position();
            startGtid = min.gtidSet();
            progress.applied(min.applied(), min.gtidSet(), min.eventTime());
        }
        cursor = new StreamCursor(startFile, startPos, gtidMode ? startGtid : null, sourceInfo.isMariaDb());

        handedOver = cursor.boundary();
        if (!SchemaHistory.rowMetadataIsFull(source)) {
            history = SchemaHistory.load(state, source, cursor.boundary(), selected);
        }
        decoder = new RowDecoder(new TargetTables(control, filter, mapping), history, copiedAt, selected,
                config.serverId());
        workers = new ApplyWorker[w];
        for (int i = 0; i < w; i++) {
            workers[i] = new ApplyWorker(i, w, DestinationSessions.openForRows(spec.destination(),
                    config.destinationBinlog()), checkpoints, failure);
        }
        batches = new Batches(workers, thresholds, progress, config.batchMillis());
        ddl = new DdlEvents(barrier, filter, mapping, progress, decoder, history, source, selected,
                new OnlineSchemaChanges(filter, mapping, new OnlineDdlLog(taskId, control), source, control,
                        progress));
        if (config.heartbeat()) {
            try {
                heartbeat = SourceHeartbeat.start(Endpoints.open(spec.source()), config.serverId(),
                        config.heartbeatMillis());
            } catch (SQLException e) {
                progress.note("no heartbeat table on the source (" + e.getMessage() + "); the delay comes from binlog "
                        + "event timestamps only (1 s resolution, and 0 whenever everything read is applied)");
            }
        } else {
            progress.note("source heartbeat disabled; the delay comes from binlog event timestamps only");
        }
        reader = new BinlogReader(spec.source(), config.serverId(), config.queueEvents(), 1000);
        try {
            if (gtidMode) {
                reader.startAfter(startGtid);
            } else {
                reader.startAt(startFile, startPos);
            }
        } catch (IOException e) {
            throw readerFailure(e);
        }
        openedNanos = System.nanoTime();
    }

    /** System.nanoTime() when the slice had its connections, workers and stream ready (0 before). */
    public long openedNanos() {
        return openedNanos;
    }

    // ------------------------------------------------------------------ main loop

    private String loop(long deadline) throws Exception {
        // the state table is polled and written off the event thread, so its latency never stalls the stream
        AtomicReference<Boolean> stopFlag = new AtomicReference<>(false);
        pollerRunning = true;
        Thread poller = new Thread(() -> pollState(stopFlag), "sluice-state-poller");
        poller.setDaemon(true);
        poller.start();
        try {
            return eventLoop(deadline, stopFlag);
        } finally {
            pollerRunning = false; // not interrupt(): the SDK would abort a write half done
            poller.join(30_000);
        }
    }

    private void pollState(AtomicReference<Boolean> stopFlag) {
        long nextStopPoll = System.nanoTime() + STOP_POLL_NANOS;
        long nextMirror = System.nanoTime() + config.mirrorMillis() * 1_000_000L;
        try {
            while (pollerRunning) {
                Thread.sleep(100);
                long now = System.nanoTime();
                if (now >= nextStopPoll) {
                    nextStopPoll = now + STOP_POLL_NANOS;
                    if (state.isStopRequested()) {
                        stopFlag.set(true);
                    }
                }
                if (now >= nextMirror) {
                    nextMirror = now + config.mirrorMillis() * 1_000_000L;
                    state.mirror(status());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private String eventLoop(long deadline, AtomicReference<Boolean> stopFlag) throws Exception {
        String ending = null;
        while (true) {
            checkFailures();
            long now = System.nanoTime();
            if (ending == null && now >= deadline) {
                ending = "slice budget spent";
            }
            if (ending == null && stopFlag.get()) {
                ending = "stopped";
            }
            BinlogCoordinate stopAt = scope.stopAt() == null ? null : scope.stopAt().get();
            if (ending == null && stopAt != null && !cursor.inTxn() && !cursor.boundary().isBefore(stopAt)) {
                ending = CAUGHT_UP;
            }
            if (ending != null && !cursor.inTxn()) {
                flush(cursor.boundary());
                return ending;
            }
            if (!afterReplay.isEmpty() && !cursor.inTxn()
                    && (horizon == null || !cursor.boundary().isBefore(horizon))) {
                flush(cursor.boundary()); // past the copy: the rows hold no transient duplicates any more
                waitIdle();
                barrier.buildAfterReplay(afterReplay);
                state.uniqueKeysBuilt();
                afterReplay = List.of();
                decoder.invalidate();
            }
            if (ending != null && "slice budget spent".equals(ending) && now >= deadline + BOUNDARY_GRACE_NANOS) {
                // a transaction longer than the grace: checkpoint inside it and resume there next slice
                flush(cursor.rowAt());
                return ending;
            }
            Event ev = reader.poll(ending != null ? 10 : 20);
            if (ev == null) {
                if (!cursor.inTxn() && ((batches.hasContent() && (cursor.isFresh()
                        || batches.aged(cursor.isFresh()))) || batches.emptyCheckpointDue(cursor.boundary()))) {
                    flush(cursor.boundary());
                }
                continue;
            }
            handle(ev, null);
        }
    }

    private void checkFailures() {
        Throwable f = failure.get();
        if (f != null) {
            throw f instanceof RuntimeException re ? re : new IllegalStateException(f.getMessage(), f);
        }
        if (reader != null && reader.failure() != null && reader.isQueueEmpty()) {
            throw readerFailure(reader.failure());
        }
    }

    /** The coordinate after the last complete transaction read. */

    private void handle(Event ev, Long payloadEnd) throws Exception {
        EventHeaderV4 h = ev.getHeader();
        EventType type = h.getEventType();
        cursor.eventTime(h.getTimestamp());
        switch (type) {
            case ROTATE -> {
                RotateEventData r = ev.getData();
                cursor.rotate(r.getBinlogFilename(), r.getBinlogPosition());
            }
            case GTID -> {
                GtidEventData g = ev.getData();
                cursor.begin(h, g.getGtid());
            }
            case ANONYMOUS_GTID -> cursor.begin(h, null);
            case MARIADB_GTID -> {
                MariadbGtidEventData g = ev.getData();
                cursor.begin(h, g.getDomainId() + "-" + g.getServerId() + "-" + g.getSequence());
            }
            case QUERY -> query(ev.getData(), h, payloadEnd);
            case TABLE_MAP -> decoder.tableMap(ev.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS, PRE_GA_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, PRE_GA_UPDATE_ROWS,
                    DELETE_ROWS, EXT_DELETE_ROWS, PRE_GA_DELETE_ROWS -> decoder.rows(ev, type, cursor, horizon, sink);
            case XID -> endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
            case TRANSACTION_PAYLOAD -> {
                TransactionPayloadEventData p = ev.getData();
                for (Event inner : p.getUncompressedEvents()) {
                    handle(inner, h.getNextPosition());
                }
            }
            case XA_PREPARE -> throw new IllegalStateException("the source binlog has an XA transaction at "
                    + cursor.file() + ":" + h.getPosition() + "; XA transactions are not replicated by Sluice");
            case PARTIAL_UPDATE_ROWS_EVENT -> throw new IllegalStateException("the source logs partial JSON "
                    + "updates (binlog_row_value_options=PARTIAL_JSON); set it to '' on the source and resume");
            default -> {
                // FORMAT_DESCRIPTION, HEARTBEAT, PREVIOUS_GTIDS, ROWS_QUERY ...: nothing to apply
            }
        }
    }

    /**
     * Ends a transaction and hands the batch over when it is full or aged, or when the reader is at the head of
     * the binlog and the workers are idle (low delay). While a backlog is read, batches grow to {@code batchRows}
     * or ten times {@code batchMillis}, for fewer, larger destination transactions.
     */
    private void endTxn(long nextPosition) throws Exception {
        cursor.end(nextPosition);
        progress.transaction();
        if (batches.rows() >= config.batchRows() || batches.aged(cursor.isFresh()) || (reader.isQueueEmpty()
                && batches.inFlight() == 0 && cursor.isFresh() && batches.hasContent())) {
            flush(cursor.boundary());
        }
    }

    /** Hands the batch to the workers, ending at {@code end}. */
    private void flush(BinlogCoordinate end) throws InterruptedException {
        batches.flush(end, cursor.gtidText(), cursor.batchEventTime());
        handedOver = end;
    }

    private void query(QueryEventData q, EventHeaderV4 h, Long payloadEnd) throws Exception {
        String sql = q.getSql().trim();
        String upper = sql.length() > 12 ? sql.substring(0, 12).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START") || upper.startsWith("XA BEGIN")) {
            if (!cursor.inTxn()) {
                cursor.begin(h, null);
            }
            return;
        }
        if (upper.equals("COMMIT") || upper.startsWith("XA END") || upper.startsWith("XA COMMIT")) {
            endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
            return;
        }
        if (upper.equals("ROLLBACK")) {
            endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
            return;
        }
        if (!cursor.inTxn()) {
            cursor.begin(h, null);
        }
        if (!scope.isMain()) {
            CatchUpDdl.refuse(sql, scope.onlyTable(), cursor.txnStart());
            endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
            return;
        }
        ddl.apply(q, h, cursor, workers.length, at -> {
            flush(at);
            waitIdle();
        });
        endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
    }

    private void waitIdle() throws InterruptedException {
        batches.waitIdle(this::checkFailures);
    }

    // ------------------------------------------------------------------ end

    private void finish() throws InterruptedException {
        waitIdle();
    }

    private RuntimeException readerFailure(Exception e) {
        return StreamFailures.of(e, reader, source, sourceInfo, spec, cursor);
    }

    /** The current progress (applied position, delay, counters). */
    public ReplicationStatus status() {
        boolean caughtUp = reader != null && reader.isQueueEmpty() && batches.inFlight() == 0 && batches.rows() == 0
                && !cursor.inTxn() && reader.failure() == null;
        return progress.status(caughtUp);
    }

    private void close() {
        if (reader != null) {
            reader.close();
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (workers != null) {
            for (ApplyWorker w : workers) {
                if (w != null) {
                    w.shutdown(30_000);
                }
            }
        }
        for (Connection c : new Connection[] {control, source}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
