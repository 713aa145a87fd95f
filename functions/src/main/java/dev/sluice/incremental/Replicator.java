package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.CopySnapshots;
import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.failure.Failures;
import dev.sluice.failure.RetriableException;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.logging.Logger;

/**
 * Replicates the source's binlog to the destination for one bounded slice (or, with a long budget, continuously):
 * resumes from the destination's checkpoint (or starts at the task's start position), decodes row events at the
 * right schema, routes each row change to an ordered apply worker by its key, groups many source transactions
 * into one destination transaction per worker (with the worker's checkpoint in it), applies DDL as a barrier, and
 * ends at a transaction boundary when the stop flag is raised or the budget is spent.
 */
public final class Replicator {
    private static final Logger LOG = Logger.getLogger(Replicator.class.getName());
    private static final String HEARTBEAT_TABLE = SourceHeartbeat.DB + "." + SourceHeartbeat.TABLE;
    private static final long STOP_POLL_NANOS = 2_000_000_000L;
    private static final long EMPTY_CHECKPOINT_NANOS = 1_000_000_000L;
    /** How long a slice whose budget is spent may still wait for a transaction boundary. */
    private static final long BOUNDARY_GRACE_NANOS = 30_000_000_000L;

    private final String taskId;
    private final TaskSpec spec;
    private final ReplicationState state;
    private final ReplicatorConfig config;
    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final CheckpointStore checkpoints;
    private final BiPredicate<String, String> selected;

    // ---- per-slice resources
    private Connection source;
    private Connection control;
    private ServerInfo sourceInfo;
    private BinlogReader reader;
    private SourceHeartbeat heartbeat;
    private ApplyWorker[] workers;
    private TargetTables targets;
    private SchemaHistory history;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    // ---- stream position
    private String file = "";
    private boolean gtidMode;
    private GtidSet gtids;
    private String txnGtid;
    private boolean inTxn;
    private BinlogCoordinate txnStart = BinlogCoordinate.ZERO;
    private long rowIndex;
    private long txnTimestamp;
    private BinlogCoordinate[] thresholds;
    private DdlBarrier barrier;
    /** Unique-key ALTERs to run once the replay has passed the horizon (empty when none are left). */
    private List<String> afterReplay = List.of();
    private BinlogCoordinate horizon;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    /** What the rows of a table map need (one instance per table version: see CachingEventDeserializer). */
    private final Map<TableMapEventData, Resolved> resolved = new java.util.IdentityHashMap<>();

    /** How the rows of one table map are routed: skipped, heartbeat rows, or a target with decoding details. */
    private record Resolved(boolean heartbeat, boolean selected, TargetTable target, boolean[] unsigned,
                            int tableHash, BinlogCoordinate copiedAt) {
    }
    /** Source tables copied whole in a snapshot at a known position: their earlier row events are in the copy. */
    private Map<String, BinlogCoordinate> copiedAt = Map.of();

    // ---- current batch
    private List<RowChange>[] shares;
    private int batchRows;
    private long batchStartNanos;
    private final List<Long> batchHeartbeats = new ArrayList<>();
    private long flushSeq;
    private final TreeMap<Long, Flush> inFlight = new TreeMap<>();
    private final AtomicInteger inFlightCount = new AtomicInteger();

    // ---- status
    private volatile BinlogCoordinate appliedAt = BinlogCoordinate.ZERO;
    private volatile String appliedGtids;
    private volatile long appliedEventTime;
    private long lastEventTime;
    private long transactions;
    private long rows;
    private long ddlApplied;
    private long ddlSkipped;
    private final ChangeCounts counts = new ChangeCounts();
    private String note;
    private final DelaySamples delays = new DelaySamples(100_000);
    private volatile long openedNanos;
    private volatile boolean pollerRunning;

    /** One batch handed to the workers; complete when every share of it is committed. */
    private final class Flush {
        final long seq;
        final BinlogCoordinate end;
        final String gtidSet;
        final long eventTime;
        final List<Long> heartbeats;
        final AtomicInteger remaining;
        /** Set (under the inFlight lock) when every share is committed. */
        boolean committed;

        Flush(long seq, BinlogCoordinate end, String gtidSet, long eventTime, List<Long> heartbeats, int shares) {
            this.seq = seq;
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

    public Replicator(String taskId, TaskSpec spec, ReplicationState state, ReplicatorConfig config) {
        this.taskId = taskId;
        this.spec = spec;
        this.state = state;
        this.config = config;
        this.filter = spec.filter();
        this.mapping = spec.mappingOrNone();
        this.checkpoints = new CheckpointStore(taskId);
        this.selected = (db, table) -> !CheckpointStore.SCHEMA.equals(db) && filter.includesTable(db, table);
    }

    /** Heartbeat delays measured so far (milliseconds), for benchmarks. */
    public long delayPercentileMillis(double p) {
        return delays.percentile(p);
    }

    /** Forgets the delay samples so far (a benchmark's warm-up). */
    public void resetDelays() {
        delays.clear();
    }

    public int delaySampleCount() {
        return delays.size();
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

    @SuppressWarnings("unchecked")
    private void open() throws Exception {
        source = Endpoints.open(spec.source());
        sourceInfo = ServerInfo.of(source);
        control = DestinationSessions.open(spec.destination(), config.destinationBinlog());
        CheckpointStore.ensureTable(control);
        control.commit();
        List<WorkerCheckpoint> saved = checkpoints.load(control);
        barrier = new DdlBarrier(taskId, control, checkpoints, mapping, filter);
        afterReplay = state.uniqueKeysAfterReplay();
        horizon = checkpoints.horizon(control).orElse(null);
        copiedAt = new HashMap<>();
        CopySnapshots.load(control, taskId, sourceInfo.flavor()).forEach((t, p) -> copiedAt.put(t,
                new BinlogCoordinate(p.file(), p.position(), 0)));
        int w;
        String startFile;
        long startPos;
        String startGtid;
        if (saved.isEmpty()) {
            StartPosition start = StartPosition.resolve(spec, state, source, sourceInfo, config.serverId());
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
            if (saved.size() != w) {
                throw new IllegalStateException("the destination checkpoint of task " + taskId + " has "
                        + saved.size() + " worker rows for " + w + " workers; it was edited by hand or "
                        + "damaged. Fix sluice_meta.checkpoint or restart the task's incremental phase");
            }
            WorkerCheckpoint min = saved.get(0);
            thresholds = new BinlogCoordinate[w];
            for (WorkerCheckpoint cp : saved) {
                thresholds[cp.worker()] = cp.applied();
                if (cp.applied().isBefore(min.applied())) {
                    min = cp;
                }
            }
            gtidMode = min.gtidSet() != null;
            startFile = min.applied().file();
            startPos = min.applied().position();
            startGtid = min.gtidSet();
            appliedAt = min.applied();
            appliedGtids = min.gtidSet();
            appliedEventTime = min.eventTime();
        }
        if (gtidMode) {
            gtids = sourceInfo.isMariaDb() ? new MariadbGtidSet(startGtid) : new GtidSet(startGtid);
        }
        file = startFile == null ? "" : startFile;
        txnStart = new BinlogCoordinate(file, startPos, 0);

        if (!rowMetadataIsFull()) {
            history = SchemaHistory.load(state, source, new BinlogCoordinate(file, startPos, 0), selected);
        }
        targets = new TargetTables(control, filter, mapping);
        shares = new List[w];
        workers = new ApplyWorker[w];
        for (int i = 0; i < w; i++) {
            shares[i] = new ArrayList<>();
            workers[i] = new ApplyWorker(i, w, DestinationSessions.openForRows(spec.destination(),
                    config.destinationBinlog()), checkpoints, failure);
        }
        if (config.heartbeat()) {
            try {
                heartbeat = SourceHeartbeat.start(Endpoints.open(spec.source()), config.serverId(),
                        config.heartbeatMillis());
            } catch (SQLException e) {
                note = "no heartbeat table on the source (" + e.getMessage() + "); the delay comes from binlog "
                        + "event timestamps only (1 s resolution, and 0 whenever everything read is applied)";
            }
        } else {
            note = "source heartbeat disabled; the delay comes from binlog event timestamps only";
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
        batchStartNanos = System.nanoTime();
        openedNanos = batchStartNanos;
    }

    /** System.nanoTime() when the slice had its connections, workers and stream ready (0 before). */
    public long openedNanos() {
        return openedNanos;
    }

    private boolean rowMetadataIsFull() {
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT @@binlog_row_metadata")) {
            return rs.next() && "FULL".equalsIgnoreCase(rs.getString(1));
        } catch (SQLException e) {
            return false; // MySQL 5.7, MariaDB before 10.5: no such variable
        }
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
            if (ending != null && !inTxn) {
                flush(boundary());
                return ending;
            }
            if (!afterReplay.isEmpty() && !inTxn && (horizon == null || !boundary().isBefore(horizon))) {
                flush(boundary()); // past the copy: the rows hold no transient duplicates any more
                waitIdle();
                barrier.buildAfterReplay(afterReplay);
                state.uniqueKeysBuilt();
                afterReplay = List.of();
                targets.invalidate();
                resolved.clear();
            }
            if (ending != null && "slice budget spent".equals(ending) && now >= deadline + BOUNDARY_GRACE_NANOS) {
                // a transaction longer than the grace: checkpoint inside it and resume there next slice
                flush(new BinlogCoordinate(txnStart.file(), txnStart.position(), rowIndex));
                return ending;
            }
            Event ev = reader.poll(ending != null ? 10 : 20);
            if (ev == null) {
                if (!inTxn && (((batchRows > 0 || !batchHeartbeats.isEmpty()) && (isFresh() || batchAged()))
                        || emptyCheckpointDue())) {
                    flush(boundary());
                }
                continue;
            }
            handle(ev, null);
        }
    }

    private boolean emptyCheckpointDue() {
        long now = System.nanoTime();
        for (ApplyWorker w : workers) {
            if (now - w.lastCheckpointNanos() > EMPTY_CHECKPOINT_NANOS) {
                return !boundary().equals(appliedAt) && inFlightCount.get() == 0;
            }
        }
        return false;
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
    private BinlogCoordinate boundary() {
        return new BinlogCoordinate(txnStart.file(), txnStart.position(), 0);
    }

    private void handle(Event ev, Long payloadEnd) throws Exception {
        EventHeaderV4 h = ev.getHeader();
        EventType type = h.getEventType();
        if (h.getTimestamp() > 0) {
            lastEventTime = h.getTimestamp();
        }
        switch (type) {
            case ROTATE -> {
                RotateEventData r = ev.getData();
                file = r.getBinlogFilename();
                if (!inTxn) {
                    txnStart = new BinlogCoordinate(file, r.getBinlogPosition(), 0);
                }
            }
            case GTID -> {
                GtidEventData g = ev.getData();
                beginTxn(h, g.getGtid());
            }
            case ANONYMOUS_GTID -> beginTxn(h, null);
            case MARIADB_GTID -> {
                MariadbGtidEventData g = ev.getData();
                beginTxn(h, g.getDomainId() + "-" + g.getServerId() + "-" + g.getSequence());
            }
            case QUERY -> query(ev.getData(), h, payloadEnd);
            case TABLE_MAP -> {
                TableMapEventData tm = ev.getData();
                tableMaps.put(tm.getTableId(), tm);
            }
            case WRITE_ROWS, EXT_WRITE_ROWS, PRE_GA_WRITE_ROWS, UPDATE_ROWS, EXT_UPDATE_ROWS, PRE_GA_UPDATE_ROWS,
                    DELETE_ROWS, EXT_DELETE_ROWS, PRE_GA_DELETE_ROWS -> rows(ev, type);
            case XID -> endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
            case TRANSACTION_PAYLOAD -> {
                TransactionPayloadEventData p = ev.getData();
                for (Event inner : p.getUncompressedEvents()) {
                    handle(inner, h.getNextPosition());
                }
            }
            case XA_PREPARE -> throw new IllegalStateException("the source binlog has an XA transaction at "
                    + file + ":" + h.getPosition() + "; XA transactions are not replicated by Sluice");
            case PARTIAL_UPDATE_ROWS_EVENT -> throw new IllegalStateException("the source logs partial JSON "
                    + "updates (binlog_row_value_options=PARTIAL_JSON); set it to '' on the source and resume");
            default -> {
                // FORMAT_DESCRIPTION, HEARTBEAT, PREVIOUS_GTIDS, ROWS_QUERY ...: nothing to apply
            }
        }
    }

    private void beginTxn(EventHeaderV4 h, String gtid) {
        inTxn = true;
        txnGtid = gtid;
        txnStart = new BinlogCoordinate(file, h.getPosition(), 0);
        txnTimestamp = h.getTimestamp();
        rowIndex = 0;
    }

    private void endTxn(long nextPosition) throws Exception {
        if (gtidMode && txnGtid != null) {
            gtids.add(txnGtid);
        }
        txnGtid = null;
        inTxn = false;
        rowIndex = 0;
        txnStart = new BinlogCoordinate(file, nextPosition, 0);
        transactions++;
        if (batchRows >= config.batchRows() || batchAged() || (reader.isQueueEmpty() && inFlightCount.get() == 0
                && isFresh() && (batchRows > 0 || !batchHeartbeats.isEmpty()))) {
            flush(boundary());
        }
    }

    /**
     * True when the last event read is recent (the reader is at the head of the binlog): then a batch is handed
     * over as soon as the workers are idle, for low delay. While a backlog is read, batches grow to
     * {@code batchRows} or ten times {@code batchMillis}, for fewer, larger destination transactions.
     */
    private boolean isFresh() {
        return System.currentTimeMillis() - lastEventTime < 2000;
    }

    private boolean batchAged() {
        long limit = config.batchMillis() * 1_000_000L * (isFresh() ? 1 : 10);
        return System.nanoTime() - batchStartNanos >= limit;
    }

    private void query(QueryEventData q, EventHeaderV4 h, Long payloadEnd) throws Exception {
        String sql = q.getSql().trim();
        String upper = sql.length() > 12 ? sql.substring(0, 12).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START") || upper.startsWith("XA BEGIN")) {
            if (!inTxn) {
                beginTxn(h, null);
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
        if (!inTxn) {
            beginTxn(h, null);
        }
        ddl(q, h);
        endTxn(payloadEnd != null ? payloadEnd : h.getNextPosition());
    }

    // ------------------------------------------------------------------ rows

    private void rows(Event ev, EventType type) throws Exception {
        long tableId;
        BitSet included;
        List<Serializable[]> written = null;
        List<Map.Entry<Serializable[], Serializable[]>> updated = null;
        if (EventType.isWrite(type)) {
            WriteRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumns();
            written = d.getRows();
        } else if (EventType.isUpdate(type)) {
            UpdateRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumnsBeforeUpdate();
            updated = d.getRows();
            if (d.getIncludedColumns().cardinality() < included.cardinality()) {
                included = d.getIncludedColumns();
            }
        } else {
            DeleteRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumns();
            written = d.getRows();
        }
        int count = written != null ? written.size() : updated.size();
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null) {
            throw new IllegalStateException("row event for unknown table id " + tableId + " at " + file + ":"
                    + ev.getHeader() + "; the binlog stream is inconsistent");
        }
        Resolved res = resolved.get(tm);
        if (res == null) {
            res = resolve(tm);
            if (resolved.size() >= 10_000) {
                resolved.clear();
            }
            resolved.put(tm, res);
        }
        if (res.heartbeat()) {
            heartbeatRows(tm, written, updated);
            rowIndex += count;
            return;
        }
        if (!res.selected() || res.copiedAt() != null && txnStart.isBefore(res.copiedAt())) {
            rowIndex += count; // unselected, or older than the snapshot the table was copied in
            return;
        }
        byte[] types = tm.getColumnTypes();
        if (included.cardinality() != types.length) {
            throw new IllegalStateException("the source logs partial row images for " + tm.getDatabase() + "."
                    + tm.getTable() + " (binlog_row_image is not FULL); set binlog_row_image=FULL on the source and "
                    + "restart the task from a full copy");
        }
        TargetTable target = res.target();
        boolean[] unsigned = res.unsigned();
        int tableHash = res.tableHash();
        boolean delete = EventType.isDelete(type);
        for (int r = 0; r < count; r++) {
            BinlogCoordinate at = new BinlogCoordinate(txnStart.file(), txnStart.position(), rowIndex);
            if (updated != null) {
                Map.Entry<Serializable[], Serializable[]> e = updated.get(r);
                routeUpdate(target, types, unsigned, e.getKey(), e.getValue(), at, tableHash);
            } else if (delete) {
                Serializable[] before = written.get(r);
                if (target.hasKey()) {
                    Object[] key = key(target, types, unsigned, before);
                    route(new RowChange(target, RowChange.Kind.DELETE, key, null, null, at), key, tableHash);
                } else {
                    route(new RowChange(target, RowChange.Kind.DELETE_ROW, null,
                            values(target, types, unsigned, before), null, at), null, tableHash);
                }
            } else {
                Serializable[] after = written.get(r);
                Object[] values = values(target, types, unsigned, after);
                if (target.hasKey()) {
                    Object[] key = key(target, types, unsigned, after);
                    route(new RowChange(target, RowChange.Kind.UPSERT, key, null, values, at), key, tableHash);
                } else {
                    // before the replay horizon the copied rows may hold this row already
                    RowChange.Kind k = horizon != null && res.copiedAt() == null && at.isBefore(horizon)
                            ? RowChange.Kind.INSERT_MISSING
                            : RowChange.Kind.INSERT_ROW;
                    route(new RowChange(target, k, null, null, values, at), null, tableHash);
                }
            }
            rowIndex++;
            rows++;
            counts.row(tm.getDatabase() + "." + tm.getTable(), updated != null, delete);
            batchRows++;
            if (batchRows >= config.batchRows() && inTxn) {
                // a huge transaction: commit what is here and remember how far into the transaction it reached
                flush(new BinlogCoordinate(txnStart.file(), txnStart.position(), rowIndex));
            }
        }
    }

    private Resolved resolve(TableMapEventData tm) throws SQLException {
        String db = tm.getDatabase();
        String table = tm.getTable();
        if (SourceHeartbeat.DB.equals(db) && SourceHeartbeat.TABLE.equals(table)) {
            return new Resolved(true, false, null, null, 0, null);
        }
        if (!selected.test(db, table)) {
            return new Resolved(false, false, null, null, 0, null);
        }
        List<SourceColumn> columns = sourceColumns(tm);
        TargetTable target = targets.resolve(db, table, columns);
        boolean[] unsigned = new boolean[columns.size()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = columns.get(i).unsigned();
        }
        return new Resolved(false, true, target, unsigned, target.sourceName().hashCode(),
                copiedAt.get(db + "." + table));
    }

    private void routeUpdate(TargetTable target, byte[] types, boolean[] unsigned, Serializable[] beforeRow,
                             Serializable[] afterRow, BinlogCoordinate at, int tableHash) throws Exception {
        Object[] after = values(target, types, unsigned, afterRow);
        if (!target.hasKey()) {
            route(new RowChange(target, RowChange.Kind.UPDATE_ROW, null, values(target, types, unsigned, beforeRow),
                    after, at), null, tableHash);
            return;
        }
        Object[] oldKey = key(target, types, unsigned, beforeRow);
        Object[] newKey = key(target, types, unsigned, afterRow);
        if (Arrays.deepEquals(oldKey, newKey)) {
            route(new RowChange(target, RowChange.Kind.UPSERT, newKey, null, after, at), newKey, tableHash);
        } else if (target.mode() == TargetTable.Mode.COMPACT) {
            route(new RowChange(target, RowChange.Kind.DELETE, oldKey, null, null, at), oldKey, tableHash);
            route(new RowChange(target, RowChange.Kind.UPSERT, newKey, null, after, at), newKey, tableHash);
        } else {
            route(new RowChange(target, RowChange.Kind.UPDATE_KEY, oldKey, null, after, at), oldKey, tableHash);
        }
    }

    private void route(RowChange change, Object[] key, int tableHash) {
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

    private Object[] values(TargetTable t, byte[] types, boolean[] unsigned, Serializable[] row) {
        Object[] out = new Object[t.columns().size()];
        for (int i = 0; i < out.length; i++) {
            TargetTable.Column c = t.columns().get(i);
            int s = c.sourceIndex();
            out[i] = BinlogValues.toJdbc(row[s], types[s], unsigned[s], c);
        }
        return out;
    }

    private Object[] key(TargetTable t, byte[] types, boolean[] unsigned, Serializable[] row) {
        int[] key = t.key();
        TargetTable.Column[] cols = t.keyColumns();
        Object[] out = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            int s = key[i];
            out[i] = BinlogValues.toJdbc(row[s], types[s], unsigned[s], cols[i]);
        }
        return out;
    }

    /** Column names (and signedness) of a table-map event: from the event itself with full metadata, else history. */
    private List<SourceColumn> sourceColumns(TableMapEventData tm) {
        TableMapEventMetadata md = tm.getEventMetadata();
        byte[] types = tm.getColumnTypes();
        if (md != null && md.getColumnNames() != null && md.getColumnNames().size() == types.length) {
            // the deserializer maps the signedness bits to column indexes already (set = unsigned)
            BitSet signedness = md.getSignedness();
            List<SourceColumn> out = new ArrayList<>(types.length);
            for (int i = 0; i < types.length; i++) {
                boolean unsigned = signedness != null && isNumeric(types[i] & 0xFF) && signedness.get(i);
                out.add(new SourceColumn(md.getColumnNames().get(i), unsigned));
            }
            return out;
        }
        if (history == null) {
            throw new IllegalStateException("the table-map event of " + tm.getDatabase() + "." + tm.getTable()
                    + " carries no column names although binlog_row_metadata is FULL");
        }
        List<SourceColumn> cols = history.columns(tm.getDatabase(), tm.getTable());
        if (cols == null) {
            throw new IllegalStateException("no schema is known for source table " + tm.getDatabase() + "."
                    + tm.getTable() + " at " + file + "; it was created by a statement Sluice did not follow. Set "
                    + "binlog_row_metadata=FULL on the source (MySQL 8.0, MariaDB 10.5+) or restart the task "
                    + "from a full copy");
        }
        if (cols.size() != types.length) {
            throw new IllegalStateException("binlog rows of " + tm.getDatabase() + "." + tm.getTable() + " at "
                    + file + " have " + types.length + " columns but the schema history has " + cols.size()
                    + " (" + cols.stream().map(SourceColumn::name).toList() + "); the table changed in a way the "
                    + "history did not follow. Set binlog_row_metadata=FULL on the source or restart the task "
                    + "from a full copy");
        }
        return cols;
    }

    private static boolean isNumeric(int type) {
        ColumnType t = ColumnType.byCode(type);
        return t == ColumnType.TINY || t == ColumnType.SHORT || t == ColumnType.INT24 || t == ColumnType.LONG
                || t == ColumnType.LONGLONG || t == ColumnType.FLOAT || t == ColumnType.DOUBLE
                || t == ColumnType.DECIMAL || t == ColumnType.NEWDECIMAL;
    }

    private void heartbeatRows(TableMapEventData tm, List<Serializable[]> written,
                               List<Map.Entry<Serializable[], Serializable[]>> updated) {
        List<Serializable[]> after = new ArrayList<>();
        if (written != null) {
            after.addAll(written);
        } else {
            updated.forEach(e -> after.add(e.getValue()));
        }
        for (Serializable[] row : after) {
            if (row.length >= 2 && row[0] instanceof Number id && id.longValue() == config.serverId()
                    && row[1] instanceof Long micros) {
                batchHeartbeats.add(micros / 1000);
            }
        }
    }

    // ------------------------------------------------------------------ batches

    private void flush(BinlogCoordinate end) throws InterruptedException {
        long now = System.nanoTime();
        String gtidText = gtidMode ? gtids.toString() : null;
        int submitted = 0;
        boolean[] send = new boolean[workers.length];
        for (int i = 0; i < workers.length; i++) {
            send[i] = !shares[i].isEmpty() || now - workers[i].lastCheckpointNanos() > EMPTY_CHECKPOINT_NANOS;
            if (send[i]) {
                submitted++;
            }
        }
        if (submitted == 0 && !batchHeartbeats.isEmpty()) {
            send[0] = true; // a heartbeat is timed when a share of its batch commits
            submitted = 1;
        }
        long eventTime = (inTxn ? txnTimestamp : lastEventTime);
        Flush f = new Flush(++flushSeq, end, gtidText, eventTime, new ArrayList<>(batchHeartbeats), submitted);
        batchHeartbeats.clear();
        batchRows = 0;
        batchStartNanos = now;
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
        int done = 0;
        synchronized (inFlight) {
            f.committed = true;
            while (!inFlight.isEmpty() && inFlight.firstEntry().getValue().committed) {
                Flush head = inFlight.pollFirstEntry().getValue();
                long newestHeartbeat = 0;
                for (long hb : head.heartbeats) {
                    delays.add(Math.max(0, now - hb));
                    newestHeartbeat = Math.max(newestHeartbeat, hb);
                }
                if (!head.end.isBefore(appliedAt)) {
                    appliedAt = head.end;
                    appliedGtids = head.gtidSet;
                    appliedEventTime = Math.max(head.eventTime, newestHeartbeat);
                }
                done++;
            }
        }
        inFlightCount.addAndGet(-done);
    }

    private void waitIdle() throws InterruptedException {
        while (inFlightCount.get() > 0) {
            checkFailures();
            Thread.sleep(1);
        }
        checkFailures();
    }

    // ------------------------------------------------------------------ DDL

    private void ddl(QueryEventData q, EventHeaderV4 h) throws Exception {
        String sql = q.getSql();
        DdlStatement ddl = DdlStatement.parse(sql, q.getDatabase());
        BinlogCoordinate at = new BinlogCoordinate(txnStart.file(), txnStart.position(), 0);
        BinlogCoordinate after = new BinlogCoordinate(file, h.getNextPosition(), 0);
        if (ddl.kind() == DdlStatement.Kind.OTHER) {
            String head = sql.stripLeading().toUpperCase(Locale.ROOT);
            if ((head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE")
                    || head.startsWith("REPLACE")) && q.getDatabase() != null && filter.includesDatabase(q.getDatabase())) {
                throw new IllegalStateException("the source logged a row change as a statement at " + file + ":"
                        + h.getPosition() + " (binlog_format is not ROW); set binlog_format=ROW on the source "
                        + "and restart the task from a full copy");
            }
            return;
        }
        boolean meta = ddl.objects().stream().anyMatch(n -> CheckpointStore.SCHEMA.equals(n.db()));
        if (meta || !ddl.isSelected(filter)) {
            ddlSkipped++;
            return;
        }
        flush(at);
        waitIdle();
        String rewritten;
        try {
            rewritten = ddl.rewrite(mapping, filter);
        } catch (IllegalStateException e) {
            throw new DdlFailedException("DDL at " + file + ":" + h.getPosition() + " cannot be applied: " + sql
                    + " — " + e.getMessage(), e);
        }
        String gtidBefore = gtidMode ? gtids.toString() : null;
        if (gtidMode && txnGtid != null) {
            gtids.add(txnGtid);
            txnGtid = null;
        }
        String gtidAfter = gtidMode ? gtids.toString() : null;
        barrier.apply(ddl, rewritten, file + ":" + h.getPosition(),
                new DdlBarrier.Position(at, gtidBefore, after, gtidAfter, txnTimestamp), workers.length);
        appliedAt = after;
        appliedGtids = gtidAfter;
        appliedEventTime = txnTimestamp;
        targets.invalidate();
        resolved.clear();
        if (history != null) {
            history.afterDdl(source, after, sql, ddl.touchedTables(), selected);
        }
        ddlApplied++;
        for (String[] t : ddl.touchedTables()) {
            counts.ddl(t[0] + "." + t[1]);
        }
    }

    // ------------------------------------------------------------------ end

    private void finish() throws InterruptedException {
        waitIdle();
    }

    private RuntimeException readerFailure(Exception e) {
        if (reader != null && reader.serverErrorCode() == 1236 || e.getMessage() != null
                && e.getMessage().contains("1236")) {
            return purged(e);
        }
        if (e instanceof com.github.shyiko.mysql.binlog.network.ServerException se && se.getErrorCode() == 1236) {
            return purged(e);
        }
        return new RetriableException("the binlog stream from " + spec.source().address() + " failed: "
                + e.getMessage(), e);
    }

    private RuntimeException purged(Exception e) {
        String oldest = "unknown";
        String purgedGtids = null;
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            if (rs.next()) {
                oldest = rs.getString(1);
            }
        } catch (SQLException ignored) {
            // keep "unknown"
        }
        if (!sourceInfo.isMariaDb()) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_purged")) {
                if (rs.next()) {
                    purgedGtids = rs.getString(1);
                }
            } catch (SQLException ignored) {
                // no GTIDs
            }
        }
        String wanted = gtidMode ? "the binlog holding the transactions after GTID set " + gtids
                : "binlog file " + txnStart.file() + " (position " + txnStart.position() + ")";
        return new BinlogPurgedException("the source " + spec.source().address() + " no longer has " + wanted
                + ": it was purged (server error 1236: " + e.getMessage() + "). The oldest binlog still on the "
                + "source is " + oldest + (purgedGtids == null || purgedGtids.isBlank() ? ""
                : " (gtid_purged " + purgedGtids.replace("\n", "") + ")") + ". Changes in between are lost to "
                + "replication, so Sluice does not skip ahead: run the task again with a full copy (full + "
                + "incremental), and raise the source's binlog retention (binlog_expire_logs_seconds or "
                + "expire_logs_days) so the binlog outlives the copy and any pause of the task.", e);
    }

    /** The current progress (applied position, delay, counters). */
    public ReplicationStatus status() {
        long now = System.currentTimeMillis();
        boolean caughtUp = reader != null && reader.isQueueEmpty() && inFlightCount.get() == 0 && batchRows == 0
                && !inTxn && reader.failure() == null;
        // binlog timestamps have 1 s resolution; heartbeat rows (when written) refresh appliedEventTime in ms
        double delay = caughtUp || appliedEventTime <= 0 ? 0 : Math.max(0, now - appliedEventTime) / 1000.0;
        long p50 = delays.percentile(50);
        long p99 = delays.percentile(99);
        return new ReplicationStatus(appliedAt.file(), appliedAt.position(), appliedAt.rowIndex(), appliedGtids,
                appliedEventTime > 0 ? Instant.ofEpochMilli(appliedEventTime) : null, delay, caughtUp,
                transactions, rows, ddlApplied, ddlSkipped, p50 < 0 ? null : p50 / 1000.0,
                p99 < 0 ? null : p99 / 1000.0, note, Instant.now()).withTables(counts.snapshot());
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
