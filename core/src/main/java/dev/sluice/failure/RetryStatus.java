package dev.sluice.failure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The retry state of a task, stored as the {@code TASK#<id>/RETRY} document: what is failing, since when, how often
 * it was tried, when the workflow tries again and when the retry window ends (epoch milliseconds). {@code active}
 * while retrying; {@code spent} once the window ran out and the task failed. Holds endpoint addresses and error
 * messages only, never credentials.
 */
public record RetryStatus(boolean active, boolean spent, String phase, String what, long since, long lastFailureAt,
                          long nextAt, long windowEndsAt, int attempts, double windowMinutes) {
    public static final String SORT_KEY = "RETRY";
    /** A retry line is shown until this long after the next attempt was due (then that attempt is running fine). */
    static final long SHOW_GRACE_MILLIS = 30_000;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** Whether 'status' shows the task as retrying now. */
    public boolean showing(Instant now) {
        return active && now.toEpochMilli() <= nextAt + SHOW_GRACE_MILLIS;
    }

    /**
     * "retrying since 10:02 UTC: destination 127.0.0.1:3307 unreachable (attempt 7, next in 30 s, window ends
     * 22:02 UTC)".
     */
    public String describe(Instant now) {
        long next = Math.max(0, (nextAt - now.toEpochMilli() + 999) / 1000);
        return "retrying since " + hhmm(since) + ": " + what + " (attempt " + attempts + ", "
                + (next == 0 ? "next attempt running" : "next in " + next + " s") + ", window ends "
                + hhmm(windowEndsAt) + ")";
    }

    /** The task's error once the window is spent: what failed, for how long, and what to do. */
    public String gaveUp(String taskId) {
        String window = windowMinutes == 0 ? "options.retry.window_minutes is 0, so the first such failure fails "
                + "the task" : "the retry window of " + minutes(windowMinutes) + " (options.retry.window_minutes) "
                + "ends at " + hhmm(windowEndsAt) + ", before another attempt";
        return what + "; retried since " + hhmm(since) + " (" + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ") and " + window + ". Fix the cause, then 'sluice resume " + taskId + "' continues from the last "
                + "checkpoint (a longer window rides out longer outages)";
    }

    /** "10:02 UTC". */
    public static String hhmm(long epochMillis) {
        return HH_MM.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    private static String minutes(double m) {
        return m == Math.rint(m) ? (long) m + " min" : m + " min";
    }
}
