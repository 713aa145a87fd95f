package dev.sluice.throttle;

import dev.sluice.state.StateTable;
import dev.sluice.task.ThrottleSpec;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The throttler of one task in one process, shared by all its workers there: rows/s and bytes/s token buckets
 * (the task's caps divided by {@code share}, the number of processes sharing the task, e.g. Lambda workers) whose
 * limits are re-read from the {@code THROTTLE} item every second (also while workers wait), and a gh-ost style pause while the source's
 * {@code Threads_running} is above the limit, with the reason written to the item for {@code status}.
 */
public final class TaskThrottler implements Throttler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TaskThrottler.class.getName());
    static final long REFRESH_NANOS = 5_000_000_000L;
    static final long PROBE_NANOS = 1_000_000_000L;
    static final long PAUSE_SLEEP_MILLIS = 1_000;
    /** How often a watcher re-reads the THROTTLE item, so workers already waiting see a changed limit. */
    static final long WATCH_MILLIS = 1_000;

    private final StateTable table;
    private final String taskId;
    private final int share;
    private final LoadProbe probe;
    private final LongSupplier clock;
    private final TokenBucket rows;
    private final TokenBucket bytes;
    private volatile ThrottleSpec limits;
    private volatile long lastRefresh;
    private volatile long lastProbe;
    private final Object probeLock = new Object();
    private final ScheduledExecutorService watcher;

    /**
     * The task's throttler; with a state table, a daemon thread re-reads the {@code THROTTLE} item every second
     * and applies a change at once, waking workers that wait in a bucket (a lifted limit releases them).
     */
    public TaskThrottler(StateTable table, String taskId, ThrottleSpec initial, int share, LoadProbe probe) {
        this(table, taskId, initial, share, probe, System::nanoTime, table != null);
    }

    TaskThrottler(StateTable table, String taskId, ThrottleSpec initial, int share, LoadProbe probe,
                  LongSupplier clock) {
        this(table, taskId, initial, share, probe, clock, false);
    }

    private TaskThrottler(StateTable table, String taskId, ThrottleSpec initial, int share, LoadProbe probe,
                          LongSupplier clock, boolean watch) {
        this.table = table;
        this.taskId = taskId;
        this.share = Math.max(1, share);
        this.probe = probe;
        this.clock = clock;
        this.limits = initial;
        this.rows = new TokenBucket((double) initial.rowsPerSecondOrUnlimited() / this.share);
        this.bytes = new TokenBucket((double) initial.bytesPerSecondOrUnlimited() / this.share);
        this.lastRefresh = clock.getAsLong();
        this.lastProbe = clock.getAsLong() - PROBE_NANOS;
        this.watcher = watch ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-throttle-watch-" + taskId);
            t.setDaemon(true);
            return t;
        }) : null;
        if (watcher != null) {
            watcher.scheduleWithFixedDelay(this::refresh, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The limits in force now. */
    public ThrottleSpec limits() {
        return limits;
    }

    @Override
    public void acquire(long rowCount, long byteCount) throws InterruptedException {
        refreshIfDue();
        pauseWhileOverloaded();
        rows.acquire(rowCount);
        bytes.acquire(byteCount);
    }

    private void refreshIfDue() {
        long now = clock.getAsLong();
        if (table == null || now - lastRefresh < REFRESH_NANOS) {
            return;
        }
        lastRefresh = now;
        refresh();
    }

    /** Re-reads the THROTTLE item and applies changed limits (waking waiting workers). */
    void refresh() {
        try {
            ThrottleItem.read(table, taskId).ifPresent(i -> apply(i.limits()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the THROTTLE item of task " + taskId + "; keeping the limits "
                    + "in force: " + e.getMessage());
        }
    }

    synchronized void apply(ThrottleSpec next) {
        ThrottleSpec cur = limits;
        if (cur.rowsPerSecondOrUnlimited() != next.rowsPerSecondOrUnlimited()) {
            rows.setRate((double) next.rowsPerSecondOrUnlimited() / share);
        }
        if (cur.bytesPerSecondOrUnlimited() != next.bytesPerSecondOrUnlimited()) {
            bytes.setRate((double) next.bytesPerSecondOrUnlimited() / share);
        }
        limits = next;
    }

    private void pauseWhileOverloaded() throws InterruptedException {
        if (probe == null || limits.maxThreadsRunningOrDefault() <= 0) {
            return;
        }
        synchronized (probeLock) {
            if (clock.getAsLong() - lastProbe < PROBE_NANOS) {
                return;
            }
            boolean paused = false;
            try {
                while (true) {
                    int max = limits.maxThreadsRunningOrDefault();
                    long running = readProbe();
                    lastProbe = clock.getAsLong();
                    if (max <= 0 || running <= max) {
                        break;
                    }
                    if (!paused) {
                        paused = true;
                        String reason = "source Threads_running " + running + " > max_threads_running " + max;
                        LOG.info("task " + taskId + ": pausing the copy: " + reason);
                        recordPause(reason);
                    }
                    Thread.sleep(PAUSE_SLEEP_MILLIS);
                    refreshIfDue();
                }
            } finally {
                if (paused) {
                    LOG.info("task " + taskId + ": resuming the copy");
                    recordPause(null);
                }
            }
        }
    }

    private long readProbe() {
        try {
            return probe.threadsRunning();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot read the source's Threads_running; not pausing: " + e.getMessage());
            return 0;
        }
    }

    private void recordPause(String reason) {
        if (table == null) {
            return;
        }
        try {
            ThrottleItem.setPause(table, taskId, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the pause reason of task " + taskId + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (probe != null) {
            probe.close();
        }
    }
}
