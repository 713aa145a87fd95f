package dev.sluice.objects;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.binlog.ServerIds;
import dev.sluice.db.BinlogPosition;
import dev.sluice.failure.Failures;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.incremental.CatchUpState;
import dev.sluice.incremental.IncrementalSlices;
import dev.sluice.incremental.ReplicationScope;
import dev.sluice.incremental.ReplicationState;
import dev.sluice.incremental.Replicator;
import dev.sluice.incremental.ReplicatorConfig;
import dev.sluice.incremental.SliceResult;
import dev.sluice.state.TableReload;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One replication slice of a task, with its table reloads (ADR 0092): at the slice start, requested reloads begin
 * (hand-off, empty table, chunks); then, side by side, the main stream (skipping the tables a reload owns), a copy
 * worker for the tables being copied, and one catch-up stream per copied table, which replays that table's events
 * from its hand-off and ends where the main stream ended (the join position). From the join on, the main stream
 * applies the table again. Without reloads it is the plain slice. A purged binlog with
 * {@code options.on_binlog_purged: resnapshot} resnapshots the task ({@link Resnapshot}) instead of failing.
 */
public final class ReloadingSlice {
    private static final Logger LOG = Logger.getLogger(ReloadingSlice.class.getName());
    /** How long after the main stream's end a catch-up stream may still read to reach it. */
    static final Duration CATCH_UP_EXTRA = Duration.ofSeconds(30);

    private final TableReloads reloads;
    private final String taskId;
    private final TaskSpec spec;
    private final ReplicationState state;

    public ReloadingSlice(TableReloads reloads, String taskId, TaskSpec spec, ReplicationState state) {
        this.reloads = reloads;
        this.taskId = taskId;
        this.spec = spec;
        this.state = state;
    }

    /** Runs the slice; {@code remaining}: the caller's remaining time (Lambda), or null. */
    public SliceResult run(Duration remaining) {
        try {
            return slice(IncrementalSlices.config(taskId, spec, remaining));
        } catch (BinlogPurgedException e) {
            if (spec.optionsOrDefaults().onBinlogPurgedOrDefault() != TaskOptions.BinlogPurgedPolicy.RESNAPSHOT) {
                throw e;
            }
            LOG.warning("task " + taskId + ": " + e.getMessage() + " — options.on_binlog_purged is resnapshot: "
                    + "replication continues from the source's current position and every table is copied again");
            new Resnapshot(reloads).run(taskId, "options.on_binlog_purged: resnapshot");
            return new SliceResult(false, "binlog purged: resnapshot started", null);
        }
    }

    private SliceResult slice(ReplicatorConfig config) {
        List<TableReload> all = TableReload.all(reloads.docs(), taskId);
        List<TableReload> current = new ArrayList<>();
        long active = all.stream().filter(r -> r.state() == TableReload.State.COPYING
                || r.state() == TableReload.State.CATCHUP).count();
        for (TableReload r : all) {
            if (r.state() == TableReload.State.REQUESTED && active < maxActive()) {
                r = begin(r);
                active++;
            }
            current.add(r);
        }
        Map<String, BinlogCoordinate> skips = TableReloads.skips(current);
        AtomicReference<BinlogCoordinate> mainEnd = new AtomicReference<>();
        AtomicBoolean mainFailed = new AtomicBoolean();
        List<Thread> side = new ArrayList<>();
        long deadlineMillis = System.currentTimeMillis() + config.slice().toMillis();
        if (current.stream().anyMatch(r -> r.state() == TableReload.State.COPYING)) {
            side.add(thread("sluice-reload-copy", () -> copy(current, deadlineMillis)));
        }
        for (TableReload r : current) {
            if (r.state() == TableReload.State.CATCHUP) {
                side.add(thread("sluice-reload-catchup", () -> catchUp(r, config, mainEnd, mainFailed)));
            }
        }
        Replicator main = new Replicator(taskId, spec, state, config, ReplicationScope.main(taskId, skips));
        SliceResult result;
        try {
            result = main.runSlice();
            mainEnd.set(main.position());
        } catch (RuntimeException e) {
            mainFailed.set(true);
            throw e;
        } finally {
            for (Thread t : side) {
                try {
                    t.join(CATCH_UP_EXTRA.plusSeconds(60).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        finishJoined(current, main.position());
        return result;
    }

    /** How many reloads copy or catch up at once (a resnapshot requests every table; they go in waves). */
    private int maxActive() {
        return Math.max(1, spec.optionsOrDefaults().fullCopyOrDefault().workersOrDefault());
    }

    private TableReload begin(TableReload r) {
        try {
            TableReload c = reloads.begin(taskId, spec, r);
            LOG.info("task " + taskId + ": reloading " + r.table() + " from hand-off " + c.handoffFile() + ":"
                    + c.handoffPosition());
            return c;
        } catch (Exception e) {
            if (Failures.isRetriable(e)) {
                throw Failures.classify("starting the reload of " + r.table(), e);
            }
            TableReload f = r.failed("starting the reload failed: " + e.getMessage());
            f.save(reloads.docs(), taskId);
            return f;
        }
    }

    /** The copy worker of the slice: copies the reloaded tables' chunks, marks each fully copied table CATCHUP. */
    private void copy(List<TableReload> current, long deadlineMillis) {
        try {
            new FullCopyWorker(reloads.table(), reloads.docs(), reloads.tasks()).run(taskId, spec, 0, deadlineMillis);
        } catch (Exception e) {
            failOrRetry(current.stream().filter(r -> r.state() == TableReload.State.COPYING).toList(),
                    "copying", e);
            return;
        }
        for (TableReload r : current) {
            if (r.state() == TableReload.State.COPYING && reloads.copied(taskId, r)) {
                r.caughtUpFrom().save(reloads.docs(), taskId);
                LOG.info("task " + taskId + ": " + r.table() + " is copied; its catch-up stream starts next slice");
            }
        }
    }

    /** A catch-up stream: from the table's checkpoint (first: its hand-off) until it passes the main stream. */
    private void catchUp(TableReload r, ReplicatorConfig config, AtomicReference<BinlogCoordinate> mainEnd,
                         AtomicBoolean mainFailed) {
        String key = ReplicationScope.catchUpKey(taskId, r.table());
        BinlogPosition handoff = new BinlogPosition(null, r.handoffFile(), r.handoffPosition(), r.handoffGtidSet(),
                null);
        Replicator stream = new Replicator(taskId, spec, new CatchUpState(state, mainFailed::get),
                config.forCatchUp(ServerIds.forTask(key), CATCH_UP_EXTRA),
                ReplicationScope.catchUp(taskId, r.table(), handoff, mainEnd::get));
        try {
            SliceResult s = stream.runSlice();
            if (Replicator.CAUGHT_UP.equals(s.reason())) {
                BinlogCoordinate j = stream.position();
                r.joined(j.file(), j.position()).save(reloads.docs(), taskId);
                LOG.info("task " + taskId + ": " + r.table() + " joined the main stream at " + j.describe());
            }
        } catch (RuntimeException e) {
            failOrRetry(List.of(r), "replaying the binlog of", e);
        }
    }

    /** A failure a retry may cure leaves the reload where it is (the next slice continues); others fail it. */
    private void failOrRetry(List<TableReload> rs, String what, Exception e) {
        boolean retriable = Failures.isRetriable(e);
        for (TableReload r : rs) {
            LOG.log(Level.WARNING, "task " + taskId + ": " + what + " " + r.table() + " failed"
                    + (retriable ? "; the next slice continues" : ""), e);
            if (!retriable) {
                r.failed(what + " " + r.table() + " failed: " + e.getMessage()).save(reloads.docs(), taskId);
            }
        }
    }

    /** Joined tables whose join position the main stream has passed are done; their catch-up rows go. */
    private void finishJoined(List<TableReload> current, BinlogCoordinate mainAt) {
        if (mainAt == null) {
            return;
        }
        for (TableReload r : TableReload.all(reloads.docs(), taskId)) {
            if (r.state() == TableReload.State.JOINED && current.stream().anyMatch(c -> c.table().equals(r.table())
                    && c.state() == TableReload.State.JOINED)
                    && !mainAt.isBefore(new BinlogCoordinate(r.joinFile(), r.joinPosition(), 0))) {
                try {
                    TableReloads.clearCatchUp(taskId, spec, r.table());
                    r.done().save(reloads.docs(), taskId);
                } catch (java.sql.SQLException e) {
                    LOG.warning("task " + taskId + ": clearing the catch-up checkpoint of " + r.table() + " failed ("
                            + e.getMessage() + "); tried again next slice");
                }
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
