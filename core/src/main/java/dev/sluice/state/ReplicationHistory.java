package dev.sluice.state;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The task's replication delay and counters over time ({@code TASK#<id>/REPLHISTORY}), for the console's chart
 * across page loads and restarts: one sample at most every {@link #INTERVAL_MILLIS} while the replicator mirrors
 * its status, the last {@link #CAPACITY} kept (30 minutes). A sample is a JSON array
 * {@code [epochSeconds, delaySeconds, rows, transactions]} so the item stays near 5 KB (ADR 0086).
 */
public record ReplicationHistory(List<Sample> samples) {
    public static final long INTERVAL_MILLIS = 10_000;
    public static final int CAPACITY = 180;

    /** One point: when, the delay then (0 when caught up), and the task's cumulative rows and transactions. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    public record Sample(long at, double delaySeconds, long rows, long transactions) {
        public static Sample of(ReplicationStatus s, long epochMillis) {
            double delay = s.caughtUp() ? 0 : Math.round(s.delaySeconds() * 10) / 10.0;
            return new Sample(epochMillis / 1000, delay, s.rows(), s.transactions());
        }
    }

    public ReplicationHistory {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** This history with {@code s} appended, the oldest dropped beyond {@link #CAPACITY}. */
    public ReplicationHistory plus(Sample s) {
        List<Sample> out = new ArrayList<>(samples);
        out.add(s);
        return new ReplicationHistory(out.size() > CAPACITY ? out.subList(out.size() - CAPACITY, out.size()) : out);
    }

    public static ReplicationHistory read(TaskDocuments documents, String taskId) {
        return documents.get(taskId, TaskItem.REPLICATION_HISTORY.sk(), ReplicationHistory.class)
                .orElse(new ReplicationHistory(List.of()));
    }

    public static void write(TaskDocuments documents, String taskId, ReplicationHistory h) {
        documents.put(taskId, TaskItem.REPLICATION_HISTORY.sk(), h);
    }
}
