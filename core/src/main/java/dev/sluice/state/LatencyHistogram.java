package dev.sluice.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A latency histogram with fixed bucket bounds (milliseconds), as the task keeps it in its replication status:
 * {@code counts[i]} observations at most {@link #BOUNDS_MILLIS}{@code [i]} and above the bound before it, the last
 * count above the largest bound; their number and sum. Fixed bounds let the counts of every slice, reconnect and
 * restart add up ({@link #plus}), so {@code /metrics} and CloudWatch show the task's histogram, not a process's
 * (ADR 0086).
 */
public record LatencyHistogram(List<Long> counts, long count, double sumMillis) {
    /** Upper bounds of the buckets, in milliseconds (Prometheus {@code le}, seconds = these / 1000). */
    public static final double[] BOUNDS_MILLIS = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
        30_000, 60_000};

    public static final LatencyHistogram EMPTY = new LatencyHistogram(Collections.nCopies(BOUNDS_MILLIS.length + 1, 0L),
            0, 0);

    public LatencyHistogram {
        if (counts == null || counts.size() != BOUNDS_MILLIS.length + 1) {
            // written with other bounds (none so far): start over rather than misplace observations
            counts = Collections.nCopies(BOUNDS_MILLIS.length + 1, 0L);
            count = 0;
            sumMillis = 0;
        }
        counts = List.copyOf(counts);
    }

    /** The bucket an observation of {@code millis} falls in. */
    public static int bucket(double millis) {
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            if (millis <= BOUNDS_MILLIS[i]) {
                return i;
            }
        }
        return BOUNDS_MILLIS.length;
    }

    /** The sum of two histograms (null counts as empty). */
    public LatencyHistogram plus(LatencyHistogram o) {
        if (o == null) {
            return this;
        }
        List<Long> sum = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            sum.add(counts.get(i) + o.counts.get(i));
        }
        return new LatencyHistogram(sum, count + o.count, sumMillis + o.sumMillis);
    }

    /** Observations at most {@code BOUNDS_MILLIS[i]} (Prometheus buckets are cumulative). */
    @JsonIgnore
    public long cumulative(int i) {
        long c = 0;
        for (int j = 0; j <= i; j++) {
            c += counts.get(j);
        }
        return c;
    }

    /** An upper bound of the p-th percentile (0-100) in milliseconds, from the buckets; NaN when empty. */
    @JsonIgnore
    public double percentileBound(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100.0 * count);
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            if (cumulative(i) >= rank) {
                return BOUNDS_MILLIS[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
