package dev.sluice.fullcopy;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.table.TableRef;
import dev.sluice.throttle.ThrottleItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The full copy's progress as {@code status} and {@code --follow} show it: per table rows copied of the estimate
 * (information_schema TABLE_ROWS at plan time, raised to the rows actually copied), chunks done, percent and an ETA
 * from the rate since the first claim (up to the last chunk once all are done); plus totals and the throttle state. Read-only: built from the
 * {@link TablePlan} documents and the chunk ledger. {@code rowsCopied} counts committed chunks; {@code rowsCopying}
 * the rows streamed so far into chunks still running (published by their workers every few seconds), so the
 * percent, rate and ETA move inside a large chunk.
 */
public record CopyProgress(List<TableProgress> tables, long rowsCopied, long rowsCopying, long rowsEstimated,
                           int chunksDone, int chunksTotal, double rowsPerSecond, Duration eta, String throttle) {

    /** One table's line. */
    public record TableProgress(String table, long rowsCopied, long rowsCopying, long rowsEstimated, int chunksDone,
                                int chunksTotal, int chunksRunning) {
        public double percent() {
            return CopyProgress.percent(rowsCopied + rowsCopying, rowsEstimated, chunksDone, chunksTotal);
        }
    }

    static double percent(long rows, long estimated, int chunksDone, int chunksTotal) {
        if (chunksTotal > 0 && chunksDone == chunksTotal) {
            return 100.0;
        }
        return estimated <= 0 ? 0 : Math.min(99.9, 100.0 * rows / estimated);
    }

    /** Reads the progress of a task's full copy (empty when it has not been planned). */
    public static CopyProgress read(StateTable table, TaskDocuments docs, String taskId) {
        Map<TableRef, TablePlan> plans = new LinkedHashMap<>();
        for (var node : docs.list(taskId, TaskItem.TABLE.prefix())) {
            TablePlan p = TaskDocuments.json().convertValue(node, TablePlan.class);
            plans.put(p.ref(), p);
        }
        List<ChunkState> chunks = new ChunkLedger(table, taskId).all();
        long now = System.currentTimeMillis();
        Map<TableRef, long[]> agg = new LinkedHashMap<>(); // rows, done, total, running, rows in running chunks
        Instant first = null;
        Instant lastDone = null;
        for (ChunkState c : chunks) {
            long[] a = agg.computeIfAbsent(c.chunk().table(), k -> new long[5]);
            a[2]++;
            if (c.status() == ChunkState.Status.DONE) {
                a[0] += c.rows();
                a[1]++;
            } else if (c.leased(now)) {
                a[3]++;
                a[4] += c.rowsCopying();
            }
            if (c.claimedAt() != null) {
                Instant at = Instant.parse(c.claimedAt());
                first = first == null || at.isBefore(first) ? at : first;
            }
            if (c.doneAt() != null) {
                Instant at = Instant.parse(c.doneAt());
                lastDone = lastDone == null || at.isAfter(lastDone) ? at : lastDone;
            }
        }
        List<TableProgress> out = new ArrayList<>();
        long copied = 0;
        long copying = 0;
        long estimated = 0;
        int done = 0;
        int total = 0;
        for (var e : plans.entrySet()) {
            long[] a = agg.getOrDefault(e.getKey(), new long[5]);
            long est = Math.max(e.getValue().estimatedRows(), a[0] + a[4]);
            out.add(new TableProgress(e.getKey().key(), a[0], a[4], est, (int) a[1], (int) a[2], (int) a[3]));
            copied += a[0];
            copying += a[4];
            estimated += est;
            done += (int) a[1];
            total += (int) a[2];
        }
        double rate = 0;
        Duration eta = null;
        long moved = copied + copying;
        if (first != null && moved > 0) {
            // a finished copy keeps the rate it had: measured up to its last chunk, not up to now
            long end = done == total && lastDone != null ? lastDone.toEpochMilli() : now;
            double secs = Math.max(1, (end - first.toEpochMilli()) / 1000.0);
            rate = moved / secs;
            eta = done == total ? Duration.ZERO : Duration.ofSeconds((long) (Math.max(0, estimated - moved) / rate));
        }
        String throttle = ThrottleItem.read(table, taskId).map(ThrottleItem::describe).orElse(null);
        return new CopyProgress(out, copied, copying, estimated, done, total, rate, eta, throttle);
    }

    public double percent() {
        return percent(rowsCopied + rowsCopying, rowsEstimated, chunksDone, chunksTotal);
    }

    /** A printable table: one line per table, then the totals, rate, ETA and throttle. */
    public String toTable() {
        int w = Math.max(5, tables.stream().mapToInt(t -> t.table().length()).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %14s %14s %7s %11s%n", "TABLE", "ROWS COPIED",
                "ESTIMATED", "PCT", "CHUNKS"));
        for (TableProgress t : tables) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %,14d %,14d %6.1f%% %5d/%-5d%s%n", t.table(),
                    t.rowsCopied(), t.rowsEstimated(), t.percent(), t.chunksDone(), t.chunksTotal(),
                    t.chunksRunning() > 0 ? " (" + t.chunksRunning() + " copying" + (t.rowsCopying() > 0
                            ? String.format(Locale.ROOT, ", %,d rows streamed so far", t.rowsCopying()) : "") + ")"
                            : ""));
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %,14d %,14d %6.1f%% %5d/%-5d%n", "TOTAL", rowsCopied,
                rowsEstimated, percent(), chunksDone, chunksTotal));
        sb.append(String.format(Locale.ROOT, "rate %,.0f rows/s, ETA %s%n", rowsPerSecond,
                eta == null ? "unknown" : formatDuration(eta)));
        if (throttle != null) {
            sb.append(throttle).append('\n');
        }
        return sb.toString();
    }

    static String formatDuration(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
